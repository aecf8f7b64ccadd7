package io.github.azureredis.health;

import java.time.Clock;

import io.github.azureredis.credentials.EntraIdCredentialsAutoConfiguration;
import io.github.azureredis.credentials.EntraIdTokenManager;
import io.github.azureredis.maintenance.AzureRedisMaintenance;
import io.github.azureredis.maintenance.AzureRedisMaintenanceAutoConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code redisEntraId} and {@code redisMaintenance} health contributors. The Redis
 * connection itself is checked by Spring Boot's {@code redis} contributor, through the same client.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = { EntraIdCredentialsAutoConfiguration.class, AzureRedisMaintenanceAutoConfiguration.class })
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
public final class AzureRedisHealthAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EntraIdTokenManager.class)
	@ConditionalOnBean(EntraIdTokenManager.class)
	@ConditionalOnEnabledHealthIndicator("redis-entra-id")
	static class EntraIdHealthConfiguration {

		// A null bean when an application processed ahead of time does not use Microsoft Entra ID where it runs.
		@Bean
		@ConditionalOnMissingBean(name = "redisEntraIdHealthIndicator")
		@Nullable EntraIdHealthIndicator redisEntraIdHealthIndicator(ObjectProvider<EntraIdTokenManager> tokenManager) {
			EntraIdTokenManager manager = tokenManager.getIfAvailable();
			return (manager != null) ? new EntraIdHealthIndicator(manager, Clock.systemUTC()) : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AzureRedisMaintenance.class)
	@ConditionalOnBean(AzureRedisMaintenance.class)
	@ConditionalOnEnabledHealthIndicator("redis-maintenance")
	static class MaintenanceHealthConfiguration {

		// A null bean when the client is not Redisson's own implementation.
		@Bean
		@ConditionalOnMissingBean(name = "redisMaintenanceHealthIndicator")
		@Nullable AzureRedisMaintenanceHealthIndicator redisMaintenanceHealthIndicator(
				ObjectProvider<AzureRedisMaintenance> maintenance) {
			AzureRedisMaintenance listener = maintenance.getIfAvailable();
			return (listener != null) ? new AzureRedisMaintenanceHealthIndicator(listener) : null;
		}

	}

}
