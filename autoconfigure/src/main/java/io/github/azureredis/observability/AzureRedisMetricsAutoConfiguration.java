package io.github.azureredis.observability;

import io.github.azureredis.credentials.EntraIdCredentialsAutoConfiguration;
import io.github.azureredis.credentials.EntraIdTokenManager;
import io.micrometer.core.instrument.MeterRegistry;

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

	@Bean
	@ConditionalOnMissingBean
	EntraIdTokenMetrics entraIdTokenMetrics(EntraIdTokenManager tokenManager) {
		return new EntraIdTokenMetrics(tokenManager);
	}

}
