package io.github.azureredis.connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration that decorates the {@link DataRedisConnectionDetails} beans with Azure's defaults and the
 * choice of authentication ({@link AzureRedisConnectionDetails}).
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration
@ConditionalOnClass(DataRedisConnectionDetails.class)
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AzureRedisProperties.class)
public final class AzureRedisConnectionDetailsAutoConfiguration {

	@Bean
	static AzureRedisConnectionDetailsPostProcessor azureRedisConnectionDetailsPostProcessor(
			ObjectProvider<AzureRedisProperties> properties, Environment environment) {
		return new AzureRedisConnectionDetailsPostProcessor(properties, environment);
	}

}
