package io.github.azureredis.metrics;

import java.util.Locale;
import java.util.Map;

import io.github.azureredis.cache.AzureRedisCacheAutoConfiguration;
import io.github.azureredis.cache.AzureRedisCacheManager;
import io.github.azureredis.credentials.EntraIdCredentialsAutoConfiguration;
import io.github.azureredis.credentials.EntraIdTokenManager;
import io.github.azureredis.jcache.AzureRedisJCacheAutoConfiguration;
import io.github.azureredis.jcache.AzureRedisJCacheManager;
import io.github.azureredis.maintenance.AzureRedisMaintenance;
import io.github.azureredis.maintenance.AzureRedisMaintenanceAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the starter's Micrometer meters: of the Microsoft Entra ID token, of Azure maintenance, of
 * the values the caches did not store, and Spring Boot's cache meters for caches created after start-up. Spring Boot
 * binds {@link io.micrometer.core.instrument.binder.MeterBinder} beans to every meter registry.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(
		after = { EntraIdCredentialsAutoConfiguration.class, AzureRedisMaintenanceAutoConfiguration.class,
				AzureRedisCacheAutoConfiguration.class, AzureRedisJCacheAutoConfiguration.class },
		afterName = "org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
public final class AzureRedisMetricsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(EntraIdTokenManager.class)
	@ConditionalOnBean(EntraIdTokenManager.class)
	static class EntraIdMetricsConfiguration {

		// A null bean when an application processed ahead of time does not use Microsoft Entra ID where it runs.
		@Bean
		@ConditionalOnMissingBean
		@Nullable EntraIdTokenMetrics entraIdTokenMetrics(ObjectProvider<EntraIdTokenManager> tokenManager) {
			EntraIdTokenManager manager = tokenManager.getIfAvailable();
			return (manager != null) ? new EntraIdTokenMetrics(manager) : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AzureRedisMaintenance.class)
	@ConditionalOnBean(AzureRedisMaintenance.class)
	static class MaintenanceMetricsConfiguration {

		// A null bean when the client is not Redisson's own implementation.
		@Bean
		@ConditionalOnMissingBean
		@Nullable AzureRedisMaintenanceMetrics azureRedisMaintenanceMetrics(
				ObjectProvider<AzureRedisMaintenance> maintenance) {
			AzureRedisMaintenance listener = maintenance.getIfAvailable();
			return (listener != null) ? new AzureRedisMaintenanceMetrics(listener) : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AzureRedisCacheManager.class)
	@ConditionalOnBean(AzureRedisCacheManager.class)
	static class CacheMetricsConfiguration {

		@Bean
		UncacheableValuesMetrics azureRedisCacheUncacheableValuesMetrics(
				Map<String, AzureRedisCacheManager> managers) {
			return new UncacheableValuesMetrics(
					managers.values().stream().map(AzureRedisCacheManager::uncacheableValues).toList());
		}

		@Bean
		LoadOutcomesMetrics azureRedisCacheLoadOutcomesMetrics(Map<String, AzureRedisCacheManager> managers) {
			return new LoadOutcomesMetrics(
					managers.values().stream().map(AzureRedisCacheManager::loadOutcomes).toList());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ CacheMetricsRegistrar.class, AzureRedisCacheManager.class })
	@ConditionalOnBean({ AzureRedisCacheManager.class, CacheMetricsRegistrar.class })
	static class CacheMeterBindingConfiguration {

		/**
		 * Binds Spring Boot's cache meters to caches created after start-up: Spring Boot binds those that exist then
		 * (its Redis cache meter binder reads the statistics that {@code spring.cache.redis.enable-statistics} turns
		 * on).
		 */
		@Bean
		SmartInitializingSingleton azureRedisCacheMetricsBinder(Map<String, AzureRedisCacheManager> cacheManagers,
				CacheMetricsRegistrar cacheMetricsRegistrar) {
			return () -> cacheManagers.forEach((beanName, cacheManager) -> {
				Tag managerTag = Tag.of("cache.manager", cacheManagerName(beanName));
				cacheManager.onCacheCreated((cache) -> cacheMetricsRegistrar.bindCacheToRegistry(cache, managerTag));
			});
		}

		// The tag value Spring Boot gives the cache managers it binds, so that meters of one cache are one series.
		private static String cacheManagerName(String beanName) {
			String suffix = "cachemanager";
			if (beanName.length() > suffix.length() && beanName.toLowerCase(Locale.ROOT).endsWith(suffix)) {
				return beanName.substring(0, beanName.length() - suffix.length());
			}
			return beanName;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AzureRedisJCacheManager.class)
	@ConditionalOnBean(AzureRedisJCacheManager.class)
	static class JCacheMetricsConfiguration {

		@Bean
		UncacheableValuesMetrics azureRedisJCacheUncacheableValuesMetrics(
				Map<String, AzureRedisJCacheManager> managers) {
			return new UncacheableValuesMetrics(
					managers.values().stream().map(AzureRedisJCacheManager::uncacheableValues).toList());
		}

	}

}
