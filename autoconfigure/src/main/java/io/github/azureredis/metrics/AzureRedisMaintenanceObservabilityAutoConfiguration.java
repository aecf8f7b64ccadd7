package io.github.azureredis.metrics;

import io.github.azureredis.health.AzureRedisMaintenanceHealthIndicator;
import io.github.azureredis.maintenance.AzureRedisMaintenance;
import io.github.azureredis.maintenance.AzureRedisMaintenanceAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Auto-configuration of the {@code redisMaintenance} health contributor and the maintenance meters.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisMaintenanceAutoConfiguration.class)
@ConditionalOnClass(AzureRedisMaintenance.class)
@ConditionalOnBean(AzureRedisMaintenance.class)
public final class AzureRedisMaintenanceObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("redis-maintenance")
	static class HealthConfiguration {

		// Absent (a null bean) when the client is not Redisson's own implementation.
		@Bean
		@ConditionalOnMissingBean(name = "redisMaintenanceHealthIndicator")
		@Nullable AzureRedisMaintenanceHealthIndicator redisMaintenanceHealthIndicator(
				ObjectProvider<AzureRedisMaintenance> maintenance) {
			AzureRedisMaintenance listener = maintenance.getIfAvailable();
			return (listener != null) ? new AzureRedisMaintenanceHealthIndicator(listener) : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Nullable AzureRedisMaintenanceMetrics azureRedisMaintenanceMetrics(
				ObjectProvider<AzureRedisMaintenance> maintenance) {
			AzureRedisMaintenance listener = maintenance.getIfAvailable();
			return (listener != null) ? new AzureRedisMaintenanceMetrics(listener) : null;
		}

	}

}
