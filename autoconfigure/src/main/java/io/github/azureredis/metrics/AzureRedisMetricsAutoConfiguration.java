package io.github.azureredis.metrics;

import io.github.azureredis.credentials.EntraIdCredentialsAutoConfiguration;
import io.github.azureredis.credentials.EntraIdTokenManager;
import io.micrometer.core.instrument.MeterRegistry;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer meters for Microsoft Entra ID authentication to Redis. Spring Boot binds
 * {@link io.micrometer.core.instrument.binder.MeterBinder} beans to every meter registry.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = EntraIdCredentialsAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, EntraIdTokenManager.class })
@ConditionalOnBean(EntraIdTokenManager.class)
public final class AzureRedisMetricsAutoConfiguration {

	// Absent (a null bean) when an application processed ahead of time does not use Microsoft Entra ID where it runs.
	@Bean
	@ConditionalOnMissingBean
	@Nullable EntraIdTokenMetrics entraIdTokenMetrics(ObjectProvider<EntraIdTokenManager> tokenManager) {
		EntraIdTokenManager manager = tokenManager.getIfAvailable();
		return (manager != null) ? new EntraIdTokenMetrics(manager) : null;
	}

}
