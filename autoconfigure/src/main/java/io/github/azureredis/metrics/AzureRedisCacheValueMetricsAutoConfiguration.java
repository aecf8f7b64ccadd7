package io.github.azureredis.metrics;

import java.util.Map;

import io.github.azureredis.cache.AzureRedisCacheAutoConfiguration;
import io.github.azureredis.cache.AzureRedisCacheManager;
import io.github.azureredis.jcache.AzureRedisJCacheAutoConfiguration;
import io.github.azureredis.jcache.AzureRedisJCacheManager;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the values the starter's caches did not store ({@link UncacheableValuesMetrics}), for the
 * Spring cache manager and the JCache manager.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = { AzureRedisCacheAutoConfiguration.class, AzureRedisJCacheAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
public final class AzureRedisCacheValueMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(AzureRedisCacheManager.class)
	UncacheableValuesMetrics azureRedisCacheUncacheableValuesMetrics(Map<String, AzureRedisCacheManager> managers) {
		return new UncacheableValuesMetrics(
				managers.values().stream().map(AzureRedisCacheManager::uncacheableValues).toList());
	}

	@Bean
	@ConditionalOnBean(AzureRedisJCacheManager.class)
	UncacheableValuesMetrics azureRedisJCacheUncacheableValuesMetrics(Map<String, AzureRedisJCacheManager> managers) {
		return new UncacheableValuesMetrics(
				managers.values().stream().map(AzureRedisJCacheManager::uncacheableValues).toList());
	}

}
