package io.github.azureredis.health;

import java.time.Clock;

import io.github.azureredis.credentials.EntraIdCredentialsAutoConfiguration;
import io.github.azureredis.credentials.EntraIdTokenManager;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code redisEntraId} health contributor. The Redis connection itself is checked by
 * Spring Boot's {@code redis} contributor, through the same client.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = EntraIdCredentialsAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, EntraIdTokenManager.class })
@ConditionalOnBean(EntraIdTokenManager.class)
@ConditionalOnEnabledHealthIndicator("redis-entra-id")
public final class AzureRedisHealthAutoConfiguration {

	// Absent (a null bean) when an application processed ahead of time does not use Microsoft Entra ID where it runs.
	@Bean
	@ConditionalOnMissingBean(name = "redisEntraIdHealthIndicator")
	@Nullable EntraIdHealthIndicator redisEntraIdHealthIndicator(ObjectProvider<EntraIdTokenManager> tokenManager) {
		EntraIdTokenManager manager = tokenManager.getIfAvailable();
		return (manager != null) ? new EntraIdHealthIndicator(manager, Clock.systemUTC()) : null;
	}

}
