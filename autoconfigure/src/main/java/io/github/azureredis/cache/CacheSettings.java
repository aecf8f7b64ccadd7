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

	private final Map<String, KeyLeases.@Nullable Settings> leases;

	private final LoadPolicy defaultLoadPolicy;

	private final Map<String, LoadPolicy> loadPolicies;

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
		RedisCacheConfiguration defaults = (applicationDefaults != null) ? applicationDefaults
				: defaults(cache, this.valueRules.valuePair());
		this.defaults = withJitter(defaults, azure.getTimeToLiveJitter());
		Map<String, RedisCacheConfiguration> perCache = new LinkedHashMap<>();
		azure.getCaches().forEach((name, spec) -> perCache.put(name, withJitter(configure(defaults, spec),
				(spec.getTimeToLiveJitter() != null) ? spec.getTimeToLiveJitter() : azure.getTimeToLiveJitter())));
		this.perCache = Collections.unmodifiableMap(perCache);
		Map<String, KeyLeases.@Nullable Settings> leases = new LinkedHashMap<>();
		azure.getCaches().forEach((name, spec) -> leases.put(name, leaseSettings(azure.getLease(), spec.getLease())));
		this.leases = Collections.unmodifiableMap(leases);
		this.defaultLoadPolicy = new LoadPolicy(azure.getFailSafe(), azure.getSoftTimeout(), azure.getRefreshAhead());
		Map<String, LoadPolicy> loadPolicies = new LinkedHashMap<>();
		azure.getCaches().forEach((name, spec) -> loadPolicies.put(name, (spec.getMaxIdle() != null)
				? LoadPolicy.NONE
				: new LoadPolicy((spec.getFailSafe() != null) ? spec.getFailSafe() : azure.getFailSafe(),
						(spec.getSoftTimeout() != null) ? spec.getSoftTimeout() : azure.getSoftTimeout(),
						(spec.getRefreshAhead() != null) ? spec.getRefreshAhead() : azure.getRefreshAhead())));
		this.loadPolicies = Collections.unmodifiableMap(loadPolicies);
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

	/**
	 * Whether the write after a miss of a cache leaves without the caller waiting for its reply.
	 * @param name the cache name
	 * @return {@code true} if it does
	 */
	boolean pipelinedFills(String name) {
		AzureRedisCacheProperties.CacheSpec spec = this.properties.getCaches().get(name);
		Boolean own = (spec != null) ? spec.getPipelinedFills() : null;
		return (own != null) ? own : this.properties.isPipelinedFills();
	}

	/** @return whether caches created on first use (and listed caches that do not say) keep local copies */
	public boolean nearCachedByDefault() {
		return this.nearCachedByDefault;
	}

	/**
	 * The lease settings of a cache.
	 * @param name the cache name
	 * @return its settings, or {@code null} when its misses are not computed once across instances
	 */
	KeyLeases.@Nullable Settings leaseSettings(String name) {
		return this.leases.containsKey(name) ? this.leases.get(name)
				: leaseSettings(this.properties.getLease(), new AzureRedisCacheProperties.CacheLease());
	}

	/** @return whether any cache computes its misses once across instances */
	boolean anyLeased() {
		return leaseSetting() != null;
	}

	/**
	 * The setting that turned leases on: the default, or else the first cache that turns them on for itself.
	 * @return the property, or {@code null} when no cache computes its misses once across instances
	 */
	@Nullable String leaseSetting() {
		if (this.properties.getLease().isEnabled()) {
			return PREFIX + "lease.enabled";
		}
		return this.leases.entrySet()
			.stream()
			.filter((cache) -> cache.getValue() != null)
			.map((cache) -> PREFIX + "caches." + cache.getKey() + ".lease.enabled")
			.findFirst()
			.orElse(null);
	}

	private static KeyLeases.@Nullable Settings leaseSettings(AzureRedisCacheProperties.Lease defaults,
			AzureRedisCacheProperties.CacheLease own) {
		boolean enabled = (own.getEnabled() != null) ? own.getEnabled() : defaults.isEnabled();
		if (!enabled) {
			return null;
		}
		Duration duration = (own.getDuration() != null) ? own.getDuration() : defaults.getDuration();
		Duration maxWait = (own.getMaxWait() != null) ? own.getMaxWait()
				: (defaults.getMaxWait() != null) ? defaults.getMaxWait() : duration;
		boolean withoutSync = (own.getWithoutSync() != null) ? own.getWithoutSync() : defaults.isWithoutSync();
		return new KeyLeases.Settings(duration, maxWait, withoutSync);
	}

	/**
	 * What a cache does with its entries' life beyond the time to live: fail-safe, soft timeout, refresh-ahead.
	 * @param name the cache name
	 * @return its policy, {@link LoadPolicy#NONE} when it does none of it
	 */
	LoadPolicy loadPolicy(String name) {
		return this.loadPolicies.getOrDefault(name, this.defaultLoadPolicy);
	}

	/**
	 * The setting that turned fail-safe or refresh-ahead on: a default, or else the first cache that turns it on.
	 * @return the property, or {@code null} when no cache does
	 */
	@Nullable String loadPolicySetting() {
		if (this.properties.getFailSafe() != null) {
			return PREFIX + "fail-safe";
		}
		if (this.properties.getRefreshAhead() != null) {
			return PREFIX + "refresh-ahead";
		}
		return this.properties.getCaches()
			.entrySet()
			.stream()
			.filter((cache) -> loadPolicy(cache.getKey()).isActive())
			.map((cache) -> PREFIX + "caches." + cache.getKey()
					+ ((cache.getValue().getFailSafe() != null) ? ".fail-safe" : ".refresh-ahead"))
			.findFirst()
			.orElse(null);
	}

	/** @return whether any cache may keep local copies: on by default, or for a listed cache */
	public boolean anyNearCached() {
		return nearCacheSetting() != null;
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
		Duration jitter = azure.getTimeToLiveJitter();
		requirePositive(jitter, PREFIX + "time-to-live-jitter");
		requireJitterWithin(jitter, ttl, PREFIX + "time-to-live-jitter", "spring.cache.redis.time-to-live");
		validateLoadPolicy(azure.getFailSafe(), azure.getSoftTimeout(), azure.getRefreshAhead(), PREFIX);
		requirePositive(azure.getLease().getDuration(), PREFIX + "lease.duration");
		requireNotNegative(azure.getLease().getMaxWait(), PREFIX + "lease.max-wait");
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

	/**
	 * Spreads the expiry of a configuration's entries; a cache with time-to-idle keeps its own, which every read
	 * restarts.
	 */
	private static RedisCacheConfiguration withJitter(RedisCacheConfiguration configuration, @Nullable Duration jitter) {
		return (jitter == null || configuration.isTimeToIdleEnabled()) ? configuration
				: configuration.entryTtl(new TtlJitter(configuration.getTtlFunction(), jitter));
	}

	private static void requireJitterWithin(@Nullable Duration jitter, @Nullable Duration timeToLive, String property,
			String timeToLiveProperty) {
		if (jitter == null || timeToLive == null || timeToLive.isZero()) {
			return;
		}
		require(jitter.compareTo(timeToLive.dividedBy(2)) <= 0, property, jitter,
				"Must be at most half of the time to live (" + timeToLiveProperty + "=" + timeToLive + ").");
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
		requirePositive(maxIdle, prefix + "max-idle");
		Duration jitter = spec.getTimeToLiveJitter();
		requirePositive(jitter, prefix + "time-to-live-jitter");
		require(jitter == null || maxIdle == null, prefix + "time-to-live-jitter", jitter,
				"Every read restarts the expiry of an idle entry (max-idle): there is no time to live to spread.");
		Duration ownJitter = (jitter != null) ? jitter : this.properties.getTimeToLiveJitter();
		if (maxIdle == null && ttl != null) {
			requireJitterWithin(ownJitter, ttl, (jitter != null) ? prefix + "time-to-live-jitter"
					: PREFIX + "time-to-live-jitter", prefix + "time-to-live");
		}
		require(ttl == null || maxIdle == null, prefix + "max-idle", maxIdle,
				"Each read restarts the expiry of an idle entry, which replaces time-to-live: set one of the two.");
		requirePositive(spec.getLease().getDuration(), prefix + "lease.duration");
		requireNotNegative(spec.getLease().getMaxWait(), prefix + "lease.max-wait");
		validateLoadPolicy(spec.getFailSafe(), spec.getSoftTimeout(), spec.getRefreshAhead(), prefix);
		Duration failSafe = (spec.getFailSafe() != null) ? spec.getFailSafe() : this.properties.getFailSafe();
		require(spec.getSoftTimeout() == null || failSafe != null, prefix + "soft-timeout", spec.getSoftTimeout(),
				"A soft timeout serves the stale value of a slow method, and only fail-safe keeps one: set "
						+ prefix + "fail-safe (or " + PREFIX + "fail-safe).");
		require(maxIdle == null || spec.getFailSafe() == null, prefix + "fail-safe", spec.getFailSafe(),
				"Every read restarts the expiry of an idle entry (max-idle): it has no time to live after which it "
						+ "would be stale.");
		require(maxIdle == null || spec.getRefreshAhead() == null, prefix + "refresh-ahead", spec.getRefreshAhead(),
				"Every read restarts the expiry of an idle entry (max-idle): it has no time to live to refresh ahead of.");
		require(maxIdle == null || !nearCached(name), prefix + "max-idle", maxIdle,
				"Reads served from local copies would not restart the expiry in Redis: turn the near cache off for this "
						+ "cache (" + prefix + "near-cache=false).");
	}

	/**
	 * Checks fail-safe, soft timeout and refresh-ahead under a prefix; a soft timeout without fail-safe is refused
	 * where both are read (the defaults here, a cache's own settings by the caller).
	 */
	private static void validateLoadPolicy(@Nullable Duration failSafe, @Nullable Duration softTimeout,
			@Nullable Double refreshAhead, String prefix) {
		requirePositive(failSafe, prefix + "fail-safe");
		requirePositive(softTimeout, prefix + "soft-timeout");
		require(softTimeout == null || failSafe != null || !prefix.equals(PREFIX), prefix + "soft-timeout",
				softTimeout, "A soft timeout serves the stale value of a slow method, and only fail-safe keeps one: set "
						+ prefix + "fail-safe too.");
		require(refreshAhead == null || (refreshAhead > 0 && refreshAhead < 1), prefix + "refresh-ahead",
				refreshAhead, "Must be a fraction of the time to live between 0 and 1, such as 0.8: a hit after 80% "
						+ "of an entry's time to live refreshes it.");
	}

	/** Refuses a duration that is zero or negative; one not set passes. */
	private static void requirePositive(@Nullable Duration value, String property) {
		require(value == null || (!value.isNegative() && !value.isZero()), property, value, "Must be positive.");
	}

	private static void requireNotNegative(@Nullable Duration value, String property) {
		require(value == null || !value.isNegative(), property, value, "Must not be negative.");
	}

}
