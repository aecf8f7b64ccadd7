package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.azureredis.cache.AzureRedisCacheProperties.CacheSpec;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Spring Data cache configurations from {@code spring.cache.*} and {@code azure.redis.cache.*}, refusing settings
 * that cannot be honoured, with the property to fix. Shared with the JCache auto-configuration; not an API.
 *
 * @author Azure Redis Cache contributors
 */
public final class CacheSettings {

	private static final String PREFIX = "azure.redis.cache.";

	private CacheSettings() {
	}

	/**
	 * Checks the settings that do not depend on a cache.
	 * @param cache Spring Boot's cache properties
	 * @param azure the starter's cache properties
	 */
	public static void validate(CacheProperties cache, AzureRedisCacheProperties azure) {
		Duration ttl = cache.getRedis().getTimeToLive();
		require(ttl == null || !ttl.isNegative(), "spring.cache.redis.time-to-live", ttl, "Must not be negative.");
		AzureRedisCacheProperties.NearCache near = azure.getNearCache();
		require(near.getMaxSize() >= 1, PREFIX + "near-cache.max-size", near.getMaxSize(), "Must be at least 1.");
		requirePositive(near.getTimeToLive(), PREFIX + "near-cache.time-to-live");
		requirePositive(near.getProbeInterval(), PREFIX + "near-cache.probe-interval");
		requirePositive(near.getInvalidationTimeout(), PREFIX + "near-cache.invalidation-timeout");
		require(azure.getBatching().getMaxInFlight() >= 1, PREFIX + "batching.max-in-flight",
				azure.getBatching().getMaxInFlight(), "Must be at least 1.");
		require(azure.getBatching().getMaxKeys() >= 1, PREFIX + "batching.max-keys", azure.getBatching().getMaxKeys(),
				"Must be at least 1.");
		require(azure.getMaxValueSize() == null || azure.getMaxValueSize().toBytes() > 0, PREFIX + "max-value-size",
				azure.getMaxValueSize(), "Must be positive.");
	}

	/**
	 * The serializer of cached values.
	 * @param azure the starter's cache properties
	 * @param beanFactory the application's bean factory, whose auto-configuration packages are allowed
	 * @param classLoader the application's class loader
	 * @return the serializer
	 */
	public static RedisSerializer<Object> valueSerializer(AzureRedisCacheProperties azure, BeanFactory beanFactory,
			ClassLoader classLoader) {
		if (azure.getSerialization() == AzureRedisCacheProperties.Serialization.JDK) {
			return new JdkSerializationRedisSerializer(classLoader);
		}
		List<String> allowed = new ArrayList<>(azure.getAllowedPackages());
		if (AutoConfigurationPackages.has(beanFactory)) {
			allowed.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		return new AllowListJsonRedisSerializer(allowed, classLoader);
	}

	/**
	 * The configuration of caches not listed under {@code azure.redis.cache.caches}.
	 * @param cache Spring Boot's cache properties
	 * @param values the serialization of values
	 * @return the default configuration
	 */
	static RedisCacheConfiguration defaults(CacheProperties cache, SerializationPair<Object> values) {
		CacheProperties.Redis redis = cache.getRedis();
		RedisCacheConfiguration config = RedisCacheConfiguration.defaultCacheConfig()
			.serializeValuesWith(values);
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

	/**
	 * The configurations of the caches listed under {@code azure.redis.cache.caches}.
	 * @param defaults the default configuration they refine
	 * @param azure the starter's cache properties
	 * @return configurations by cache name
	 */
	static Map<String, RedisCacheConfiguration> perCache(RedisCacheConfiguration defaults,
			AzureRedisCacheProperties azure) {
		Map<String, RedisCacheConfiguration> configurations = new LinkedHashMap<>();
		azure.getCaches().forEach((name, spec) -> configurations.put(name, configure(defaults, name, spec, azure)));
		return configurations;
	}

	private static RedisCacheConfiguration configure(RedisCacheConfiguration defaults, String name, CacheSpec spec,
			AzureRedisCacheProperties azure) {
		validateCache(name, spec, azure);
		RedisCacheConfiguration config = defaults;
		if (spec.getTimeToLive() != null) {
			config = config.entryTtl(spec.getTimeToLive());
		}
		if (spec.getMaxIdle() != null) {
			config = config.entryTtl(spec.getMaxIdle()).enableTimeToIdle();
		}
		if (Boolean.FALSE.equals(spec.getCacheNullValues())) {
			config = config.disableCachingNullValues();
		}
		return config;
	}

	/**
	 * Checks the settings of one cache.
	 * @param name the cache name
	 * @param spec its settings
	 * @param azure the starter's cache properties
	 */
	public static void validateCache(String name, CacheSpec spec, AzureRedisCacheProperties azure) {
		String prefix = PREFIX + "caches." + name + ".";
		require(spec.getMaxSize() == null, prefix + "max-size", spec.getMaxSize(),
				"Redis holds one key per entry with no count per cache, so a maximum size cannot be enforced. Remove it; "
						+ "bound Redis memory with the server's maxmemory policy, and local copies with "
						+ PREFIX + "near-cache.max-size.");
		Duration ttl = spec.getTimeToLive();
		Duration maxIdle = spec.getMaxIdle();
		require(ttl == null || !ttl.isNegative(), prefix + "time-to-live", ttl, "Must not be negative.");
		require(maxIdle == null || (!maxIdle.isNegative() && !maxIdle.isZero()), prefix + "max-idle", maxIdle,
				"Must be positive.");
		require(ttl == null || maxIdle == null, prefix + "max-idle", maxIdle,
				"Each read restarts the expiry of an idle entry, which replaces time-to-live: set one of the two.");
		require(maxIdle == null || !nearCached(name, azure), prefix + "max-idle", maxIdle,
				"Reads served from local copies would not restart the expiry in Redis: turn the near cache off for this "
						+ "cache (" + prefix + "near-cache=false).");
	}

	/**
	 * Whether a cache keeps local copies.
	 * @param name the cache name
	 * @param azure the starter's cache properties
	 * @return {@code true} if it does
	 */
	static boolean nearCached(String name, AzureRedisCacheProperties azure) {
		CacheSpec spec = azure.getCaches().get(name);
		Boolean own = (spec != null) ? spec.getNearCache() : null;
		return (own != null) ? own : azure.getNearCache().isEnabled();
	}

	/**
	 * Whether any cache may keep local copies.
	 * @param azure the starter's cache properties
	 * @return {@code true} if the near cache is on by default or for a listed cache
	 */
	static boolean anyNearCached(AzureRedisCacheProperties azure) {
		return azure.getNearCache().isEnabled()
				|| azure.getCaches().values().stream().anyMatch((spec) -> Boolean.TRUE.equals(spec.getNearCache()));
	}

	private static void requirePositive(Duration value, String property) {
		require(!value.isNegative() && !value.isZero(), property, value, "Must be positive.");
	}

	private static void require(boolean condition, String property, @Nullable Object value, String reason) {
		if (!condition) {
			throw new InvalidConfigurationPropertyValueException(property, value, reason);
		}
	}

}
