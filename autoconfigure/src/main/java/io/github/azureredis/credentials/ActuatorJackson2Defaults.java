package io.github.azureredis.credentials;

import java.util.Map;
import java.util.function.Predicate;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Spares Actuator applications the Jackson 2 {@code ObjectMapper} that Spring Boot 4 builds at start-up for its
 * endpoints whenever Jackson 2 is on the class path, as azure-core (under azure-identity) puts it there: Jackson 2's
 * databind loaded and a mapper built before the application has started, a cost an application on Spring Boot's own
 * Redis cache does not pay. Only Jackson 2 HTTP message converters use that mapper, and Spring Boot 4 configures them
 * only for applications that use Jackson 2 through it. So unless the application does (Spring Boot's
 * {@code spring-boot-jackson2} module, or {@value #PREFERRED_JSON_MAPPER}{@code =jackson2}), this defaults
 * {@value #PROPERTY} to {@code false}; where a Jackson 2 converter exists after all, endpoints are written with its
 * mapper. A default only: any setting of the application wins.
 *
 * @author Azure Redis Cache contributors
 */
final class ActuatorJackson2Defaults implements EnvironmentPostProcessor {

	static final String PROPERTY = "management.endpoints.jackson2.isolated-object-mapper";

	static final String PREFERRED_JSON_MAPPER = "spring.http.converters.preferred-json-mapper";

	static final String ENDPOINT_JACKSON2 = "org.springframework.boot.actuate.autoconfigure.endpoint.jackson.Jackson2EndpointAutoConfiguration";

	static final String BOOT_JACKSON2 = "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration";

	private final Predicate<String> present;

	ActuatorJackson2Defaults() {
		this((name) -> ClassUtils.isPresent(name, ActuatorJackson2Defaults.class.getClassLoader()));
	}

	ActuatorJackson2Defaults(Predicate<String> present) {
		this.present = present;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (this.present.test(ENDPOINT_JACKSON2) && !this.present.test(BOOT_JACKSON2)
				&& !"jackson2".equalsIgnoreCase(environment.getProperty(PREFERRED_JSON_MAPPER))
				&& !environment.containsProperty(PROPERTY)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("azureRedisCacheActuatorDefaults", Map.of(PROPERTY, "false")));
		}
	}

}
