package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.azureredis.cache.AzureRedisCacheProperties.CacheSpec;
import io.github.azureredis.cache.AzureRedisCacheProperties.Serialization;
import io.github.azureredis.values.ValueRules;
import io.github.azureredis.values.jdk.AllowListJdkRedisSerializer;
import io.github.azureredis.values.jdk.JavaSerializationClasses;
import io.github.azureredis.values.json.AllowListJsonRedisSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

import static io.github.azureredis.checks.PropertyChecks.require;

/**
 * The cache settings of {@code spring.cache.*} and {@code azure.redis.cache.*}, checked and resolved once, at
 * start-up, for the Spring cache and the JCache manager: settings that cannot be honoured are refused with the
 * property to fix. Holds the serializer of values, the default and per-cache Spring Data configurations (an
 * application's {@link RedisCacheConfiguration} bean replaces the defaults, as in Spring Boot) and which caches keep
 * local copies. A bean of {@link CacheSettingsConfiguration}; not an API.
 *
 * @author Azure Redis Cache contributors
 */
public final class CacheSettings {

	private static final String PREFIX = "azure.redis.cache.";

	private final AzureRedisCacheProperties properties;

	private final AllowListJsonRedisSerializer json;

	private final AllowListJdkRedisSerializer javaSerialization;

	private final boolean jsonFirst;

	private final ValueRules valueRules;

	private final RedisCacheConfiguration defaults;

	private final Map<String, RedisCacheConfiguration> perCache;

	private final boolean nearCachedByDefault;

	private final Map<String, Boolean> ownNearCache;

	/**
	 * Checks and resolves the settings.
	 * @param cache Spring Boot's cache properties
	 * @param azure the starter's cache properties
	 * @param applicationDefaults the application's default cache configuration, if any
	 * @param beanFactory the application's bean factory, whose auto-configuration packages are allowed
	 * @param classLoader the application's class loader
	 */
	CacheSettings(CacheProperties cache, AzureRedisCacheProperties azure,
			@Nullable RedisCacheConfiguration applicationDefaults, BeanFactory beanFactory, ClassLoader classLoader) {
		this.properties = azure;
		this.nearCachedByDefault = azure.getNearCache().isEnabled();
		Map<String, Boolean> ownNearCache = new LinkedHashMap<>();
		azure.getCaches().forEach((name, spec) -> {
			if (spec.getNearCache() != null) {
				ownNearCache.put(name, spec.getNearCache());
			}
		});
		this.ownNearCache = Collections.unmodifiableMap(ownNearCache);
		validate(cache, azure);
		azure.getCaches().forEach(this::validateCache);
		List<String> allowed = allowedPackages(azure, beanFactory);
		this.json = new AllowListJsonRedisSerializer(allowed, classLoader);
		this.javaSerialization = new AllowListJdkRedisSerializer(JavaSerializationClasses.allowList(allowed),
				classLoader);
		this.jsonFirst = azure.getSerialization() == Serialization.JSON;
		this.valueRules = new ValueRules(this.jsonFirst ? this.json : this.javaSerialization,
				azure.getMaxValueSize(), LoggerFactory.getLogger(AzureRedisCache.class));
		this.defaults = (applicationDefaults != null) ? applicationDefaults
				: defaults(cache, this.valueRules.valuePair());
		Map<String, RedisCacheConfiguration> perCache = new LinkedHashMap<>();
		azure.getCaches().forEach((name, spec) -> perCache.put(name, configure(this.defaults, spec)));
		this.perCache = Collections.unmodifiableMap(perCache);
	}

	/** @return the starter's cache properties */
	public AzureRedisCacheProperties properties() {
		return this.properties;
	}

	/** @return the rules of stored values, of the Spring cache and JCache */
	public ValueRules valueRules() {
		return this.valueRules;
	}

	/** @return the starter's JSON */
	public AllowListJsonRedisSerializer json() {
		return this.json;
	}

	/** @return Java serialization behind the allow-list, the format of {@code serialization=jdk} */
	public AllowListJdkRedisSerializer javaSerialization() {
		return this.javaSerialization;
	}

	/** @return whether values are JSON where JSON stores them faithfully ({@code serialization=json}) */
	public boolean jsonFirst() {
		return this.jsonFirst;
	}

	/** @return the configuration of caches not listed under {@code azure.redis.cache.caches} */
	public RedisCacheConfiguration defaults() {
		return this.defaults;
	}

	/** @return the configurations of the caches listed under {@code azure.redis.cache.caches}, by name */
	public Map<String, RedisCacheConfiguration> perCache() {
		return this.perCache;
	}

	/**
	 * Whether a cache keeps local copies.
	 * @param name the cache name
	 * @return {@code true} if it does
	 */
	public boolean nearCached(String name) {
		return this.ownNearCache.getOrDefault(name, this.nearCachedByDefault);
	}

	/** @return whether caches created on first use (and listed caches that do not say) keep local copies */
	public boolean nearCachedByDefault() {
		return this.nearCachedByDefault;
	}

	/** @return whether any cache may keep local copies: on by default, or for a listed cache */
	public boolean anyNearCached() {
		return this.nearCachedByDefault || this.ownNearCache.containsValue(Boolean.TRUE);
	}

	/** @return the property that turned the near cache on, or {@code null} when no cache keeps local copies */
	@Nullable String nearCacheSetting() {
		if (this.nearCachedByDefault) {
			return PREFIX + "near-cache.enabled";
		}
		return this.ownNearCache.entrySet()
			.stream()
			.filter(Map.Entry::getValue)
			.map((cache) -> PREFIX + "caches." + cache.getKey() + ".near-cache")
			.findFirst()
			.orElse(null);
	}

	private static void validate(CacheProperties cache, AzureRedisCacheProperties azure) {
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

	private static List<String> allowedPackages(AzureRedisCacheProperties azure, BeanFactory beanFactory) {
		List<String> allowed = new ArrayList<>(azure.getAllowedPackages());
		if (AutoConfigurationPackages.has(beanFactory)) {
			allowed.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		return allowed;
	}

	/**
	 * {@code spring.cache.redis.*} as Spring Boot applies it to its own Redis cache. Boot's mapping lives in its
	 * package-private {@code RedisCacheConfiguration} configuration, which also builds its own cache manager, so it
	 * cannot be called: this follows it property by property, with the starter's value serializer.
	 */
	private static RedisCacheConfiguration defaults(CacheProperties cache, SerializationPair<Object> values) {
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

	private static RedisCacheConfiguration configure(RedisCacheConfiguration defaults, CacheSpec spec) {
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

	private void validateCache(String name, CacheSpec spec) {
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
		require(maxIdle == null || !nearCached(name), prefix + "max-idle", maxIdle,
				"Reads served from local copies would not restart the expiry in Redis: turn the near cache off for this "
						+ "cache (" + prefix + "near-cache=false).");
	}

	private static void requirePositive(Duration value, String property) {
		require(!value.isNegative() && !value.isZero(), property, value, "Must be positive.");
	}

}
