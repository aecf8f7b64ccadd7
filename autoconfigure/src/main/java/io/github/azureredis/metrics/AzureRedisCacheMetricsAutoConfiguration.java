package io.github.azureredis.metrics;

import java.util.Map;

import io.github.azureredis.cache.AzureRedisCacheAutoConfiguration;
import io.github.azureredis.cache.AzureRedisCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer cache meters for every cache of the starter's cache managers, those created on first use included.
 * Spring Boot binds the caches that exist at start-up (through its Redis cache meter binder, which reads the cache
 * statistics that {@code spring.cache.redis.enable-statistics} turns on); this binds the ones created later.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, CacheMetricsRegistrar.class, AzureRedisCacheManager.class })
@ConditionalOnBean({ AzureRedisCacheManager.class, CacheMetricsRegistrar.class })
public final class AzureRedisCacheMetricsAutoConfiguration {

	private static final String CACHE_MANAGER_SUFFIX = "cacheManager";

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
		if (beanName.length() > CACHE_MANAGER_SUFFIX.length()
				&& beanName.toLowerCase(java.util.Locale.ROOT).endsWith(CACHE_MANAGER_SUFFIX.toLowerCase(java.util.Locale.ROOT))) {
			return beanName.substring(0, beanName.length() - CACHE_MANAGER_SUFFIX.length());
		}
		return beanName;
	}

}
