package io.github.azureredis.observation;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the starter's observations on the application's {@link ObservationRegistry} (Spring Boot
 * defines one with Actuator): the caches, the token manager and the maintenance listener observe through the
 * {@link AzureRedisObservations} bean, and observe nothing without it.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "azure.redis.observations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AzureRedisObservationProperties.class)
public final class AzureRedisObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AzureRedisObservations azureRedisObservations(ObservationRegistry observationRegistry,
			ObjectProvider<CacheOperationObservationConvention> cacheOperationConvention,
			ObjectProvider<RedisCommandObservationConvention> redisCommandConvention,
			ObjectProvider<TokenRequestObservationConvention> tokenRequestConvention,
			ObjectProvider<ReauthenticationObservationConvention> reauthenticationConvention,
			AzureRedisObservationProperties properties) {
		return new AzureRedisObservations(observationRegistry, cacheOperationConvention.getIfUnique(),
				redisCommandConvention.getIfUnique(), tokenRequestConvention.getIfUnique(),
				reauthenticationConvention.getIfUnique(), properties.isCommands());
	}

}
