package io.github.azureredis.connection;

import java.net.URI;
import java.util.List;

import io.github.azureredis.connection.AzureRedisProperties.Authentication;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Decides how to authenticate from the configuration: {@code azure.redis.authentication} when set, else
 * {@code access-key} when a password is configured, {@code entra-id} for an Azure Redis host name, {@code none}
 * otherwise.
 * <p>
 * It reads the environment, so that conditions can use it: a {@code DataRedisConnectionDetails} bean (such as
 * {@code @ServiceConnection} makes for a local container) does not switch Microsoft Entra ID on; set
 * {@code azure.redis.authentication=entra-id} for such a bean naming an Azure host.
 *
 * @author Azure Redis Cache contributors
 */
public final class AuthenticationSelector {

	private AuthenticationSelector() {
	}

	/**
	 * Selects the authentication.
	 * @param environment the environment
	 * @return the authentication to use
	 */
	public static Authentication select(Environment environment) {
		Binder binder = Binder.get(environment);
		Authentication explicit = binder.bind("azure.redis.authentication", Authentication.class).orElse(null);
		if (explicit != null) {
			return explicit;
		}
		String url = environment.getProperty("spring.data.redis.url");
		URI uri = parse(url);
		boolean urlPassword = uri != null && uri.getUserInfo() != null && uri.getUserInfo().contains(":");
		if (StringUtils.hasText(environment.getProperty("spring.data.redis.password")) || urlPassword) {
			return Authentication.ACCESS_KEY;
		}
		return AzureRedisHosts.isAzure(host(environment, binder, uri)) ? Authentication.ENTRA_ID : Authentication.NONE;
	}

	private static @Nullable String host(Environment environment, Binder binder, @Nullable URI url) {
		if (url != null && url.getHost() != null) {
			return url.getHost();
		}
		List<String> clusterNodes = binder.bind("spring.data.redis.cluster.nodes", Bindable.listOf(String.class))
			.orElse(List.of());
		if (!clusterNodes.isEmpty()) {
			String node = clusterNodes.get(0);
			int colon = node.lastIndexOf(':');
			return (colon > 0) ? node.substring(0, colon) : node;
		}
		return environment.getProperty("spring.data.redis.host");
	}

	private static @Nullable URI parse(@Nullable String url) {
		if (!StringUtils.hasText(url)) {
			return null;
		}
		try {
			return new URI(url);
		}
		catch (java.net.URISyntaxException ex) {
			// Spring Boot reports a malformed URL itself.
			return null;
		}
	}

}
