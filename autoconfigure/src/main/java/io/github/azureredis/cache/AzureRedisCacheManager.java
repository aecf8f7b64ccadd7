package io.github.azureredis.cache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import io.github.azureredis.values.ValueRules;
import io.github.azureredis.values.UncacheableValues;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;

/**
 * Spring Data's {@link RedisCacheManager}, whose caches are {@link AzureRedisCache}s, and which tells listeners of
 * every cache it creates, at start-up or on first use (so that metrics cover caches created later).
 *
 * @author Azure Redis Cache contributors
 */
public class AzureRedisCacheManager extends RedisCacheManager implements DisposableBean {

	private final AzureRedisCacheWriter writer;

	private final @Nullable NearCache nearCache;

	private final Predicate<String> nearCached;

	private final ValueRules valueRules;

	private final @Nullable KeyLeases leases;

	private final Function<String, KeyLeases.@Nullable Settings> leaseSettings;

	private static final LeaseOutcomes NO_LEASES = new LeaseOutcomes();

	private final UncacheableValues uncacheableValues = new UncacheableValues();

	private final List<Consumer<AzureRedisCache>> creationListeners = new CopyOnWriteArrayList<>();

	AzureRedisCacheManager(AzureRedisCacheWriter writer, RedisCacheConfiguration defaultCacheConfiguration,
			boolean allowRuntimeCacheCreation, Map<String, RedisCacheConfiguration> initialCacheConfigurations,
			@Nullable NearCache nearCache, Predicate<String> nearCached, boolean nearCachedByDefault,
			ValueRules valueRules, @Nullable KeyLeases leases,
			Function<String, KeyLeases.@Nullable Settings> leaseSettings) {
		super(writer, defaultCacheConfiguration, allowRuntimeCacheCreation, initialCacheConfigurations);
		this.writer = writer;
		this.nearCache = nearCache;
		this.nearCached = nearCached;
		this.valueRules = valueRules;
		this.leases = leases;
		this.leaseSettings = leaseSettings;
		if (allowRuntimeCacheCreation) {
			requireNoTimeToIdle("azure.redis.cache.near-cache.enabled", "caches created on first use",
					defaultCacheConfiguration, nearCachedByDefault);
		}
		initialCacheConfigurations.forEach((name, configuration) -> requireNoTimeToIdle(
				"azure.redis.cache.caches." + name + ".near-cache", "cache '" + name + "'", configuration,
				nearCached.test(name)));
	}

	/**
	 * Reads served from local copies do not reach Redis, so they could not push back the expiry of an idle entry:
	 * refused rather than silently ignored.
	 */
	private static void requireNoTimeToIdle(String property, String caches, RedisCacheConfiguration configuration,
			boolean nearCached) {
		if (nearCached && configuration.isTimeToIdleEnabled()) {
			throw new InvalidConfigurationPropertyValueException(property, true, "The RedisCacheConfiguration of "
					+ caches + " enables time-to-idle, which local copies cannot honour: a read served locally would "
					+ "not push back the expiry in Redis. Turn the near cache off there, or remove enableTimeToIdle().");
		}
	}

	/** @return how the misses of this manager's caches under leases ended (none without leases) */
	public LeaseOutcomes leaseOutcomes() {
		return (this.leases != null) ? this.leases.outcomes() : NO_LEASES;
	}

	/** @return the values this manager's caches did not store */
	public UncacheableValues uncacheableValues() {
		return this.uncacheableValues;
	}

	/**
	 * Registers a listener called with every cache created from now on, and with those created already.
	 * @param listener the listener
	 */
	public void onCacheCreated(Consumer<AzureRedisCache> listener) {
		this.creationListeners.add(listener);
		for (String name : getCacheNames()) {
			if (unwrap(lookupCache(name)) instanceof AzureRedisCache cache) {
				listener.accept(cache);
			}
		}
	}

	@Override
	protected RedisCache createRedisCache(String name, @Nullable RedisCacheConfiguration cacheConfiguration) {
		RedisCacheConfiguration configuration = (cacheConfiguration != null) ? cacheConfiguration
				: getDefaultCacheConfiguration();
		AzureRedisCache cache = new AzureRedisCache(name, this.writer, this.valueRules.forCache(name, configuration),
				this.nearCached.test(name) ? this.nearCache : null, this.uncacheableValues, this.leases,
				(this.leases != null) ? this.leaseSettings.apply(name) : null);
		this.creationListeners.forEach((listener) -> listener.accept(cache));
		return cache;
	}

	/** @return whether any cache keeps local copies and their invalidation channel is live */
	boolean isNearCacheReady() {
		return this.nearCache != null && this.nearCache.isReady();
	}

	/** @return the near cache shared by the caches, if any (for tests and diagnostics) */
	@Nullable NearCache nearCache() {
		return this.nearCache;
	}

	private static @Nullable Object unwrap(@Nullable Object cache) {
		return (cache instanceof org.springframework.cache.transaction.TransactionAwareCacheDecorator decorator)
				? decorator.getTargetCache() : cache;
	}

	@Override
	public void destroy() {
		if (this.nearCache != null) {
			this.nearCache.close();
		}
		if (this.leases != null) {
			this.leases.close();
		}
	}

}
