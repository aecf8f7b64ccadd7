package io.github.azureredis.credentials;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Quiets the warning azure-core's JDK HTTP client logs for every token request that has a body ("The header is
 * restricted by 'java.net.http.HttpClient' and will be ignored", about {@code Content-Length}, which the JDK's client
 * then sets itself): the starter sends token requests through that client rather than Netty's, so without this an
 * application using a service principal or workload identity would log a warning at every token refresh. The
 * client's errors still show. A default only: any {@value #PROPERTY} setting of the application wins.
 *
 * @author Azure Redis Cache contributors
 */
final class TokenHttpClientLoggingDefaults implements EnvironmentPostProcessor {

	static final String PROPERTY = "logging.level.com.azure.core.http.jdk.httpclient.JdkHttpClient";

	private static final String JDK_HTTP_CLIENT = "com.azure.core.http.jdk.httpclient.JdkHttpClient";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ClassUtils.isPresent(JDK_HTTP_CLIENT, getClass().getClassLoader())
				&& !environment.containsProperty(PROPERTY)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("azureRedisCacheLoggingDefaults", Map.of(PROPERTY, "error")));
		}
	}

}
