package io.github.azureredis.connection;

import org.redisson.config.Config;

/**
 * Callback to adjust the Redisson {@link Config} that the starter built from Spring Boot's connection details and
 * the {@code azure.redis.*} properties, before the client is created. Beans of this type are applied in
 * {@link org.springframework.core.annotation.Order order}.
 *
 * @author Azure Redis Cache contributors
 */
@FunctionalInterface
public interface RedissonConfigCustomizer {

	/**
	 * Customizes the configuration.
	 * @param config the configuration to adjust
	 */
	void customize(Config config);

}
