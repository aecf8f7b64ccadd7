package io.github.azureredis.cache;

import java.util.LinkedHashSet;
import java.util.List;

import io.github.azureredis.connection.AzureRedisConnectionFactoryAutoConfiguration;
import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * Auto-configuration of Spring's {@link CacheManager} on the Redisson client: one Redis key per entry with native
 * expiry, honouring {@code spring.cache.*} as Spring Boot's own Redis cache does.
 * <p>
 * Ordered before Spring Boot's cache auto-configuration, which would otherwise pick JCache (Redisson registers a
 * JCache provider) with no client behind it.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisConnectionFactoryAutoConfiguration.class, before = CacheAutoConfiguration.class)
@ConditionalOnClass({ CacheManager.class, RedisCacheManager.class, RedissonClient.class,
		RedissonConnectionFactory.class })
@ConditionalOnBean({ CacheAspectSupport.class, RedissonClient.class })
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
@Conditional(RedisCacheTypeCondition.class)
@EnableConfigurationProperties(CacheProperties.class)
public final class AzureRedisCacheAutoConfiguration {

	private static final int CLEAR_SCAN_BATCH_SIZE = 1000;

	@Bean
	RedisCacheManager cacheManager(RedissonClient redissonClient, CacheProperties cacheProperties,
			ObjectProvider<RedisCacheConfiguration> redisCacheConfiguration,
			ObjectProvider<RedisCacheManagerBuilderCustomizer> builderCustomizers,
			ObjectProvider<CacheManagerCustomizer<?>> cacheManagerCustomizers, ResourceLoader resourceLoader) {
		// SCAN, not KEYS, to clear a cache: KEYS blocks the server, and Azure advises against it. Immediate writes:
		// a put or evict is done when the annotated method returns, so the next read sees it.
		RedisCacheWriter writer = RedisCacheWriter.create(new RedissonConnectionFactory(redissonClient),
				(writerConfig) -> writerConfig.batchStrategy(BatchStrategies.scan(CLEAR_SCAN_BATCH_SIZE))
					.immediateWrites());
		RedisCacheManager.RedisCacheManagerBuilder builder = RedisCacheManager.builder(writer)
			.cacheDefaults(redisCacheConfiguration
				.getIfAvailable(() -> defaultConfiguration(cacheProperties, resourceLoader.getClassLoader())));
		List<String> cacheNames = cacheProperties.getCacheNames();
		if (!cacheNames.isEmpty()) {
			builder.initialCacheNames(new LinkedHashSet<>(cacheNames));
		}
		if (cacheProperties.getRedis().isEnableStatistics()) {
			builder.enableStatistics();
		}
		builderCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new CacheManagerCustomizers(cacheManagerCustomizers.orderedStream().toList()).customize(builder.build());
	}

	private static RedisCacheConfiguration defaultConfiguration(CacheProperties cacheProperties,
			ClassLoader classLoader) {
		CacheProperties.Redis redis = cacheProperties.getRedis();
		RedisCacheConfiguration config = RedisCacheConfiguration.defaultCacheConfig()
			.serializeValuesWith(SerializationPair.fromSerializer(new JdkSerializationRedisSerializer(classLoader)));
		if (redis.getTimeToLive() != null) {
			config = config.entryTtl(redis.getTimeToLive());
		}
		if (redis.getKeyPrefix() != null) {
			config = config.prefixCacheNameWith(redis.getKeyPrefix());
		}
		if (!redis.isCacheNullValues()) {
			config = config.disableCachingNullValues();
		}
		if (!redis.isUseKeyPrefix()) {
			config = config.disableKeyPrefix();
		}
		return config;
	}

}
