package io.github.azureredis.properties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the check that every key under {@code azure.redis} is a property of the starter
 * ({@link UnknownPropertiesCheck}).
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
public final class AzureRedisPropertiesAutoConfiguration {

	@Bean
	static UnknownPropertiesCheck azureRedisUnknownPropertiesCheck(Environment environment) {
		return new UnknownPropertiesCheck(environment);
	}

}
