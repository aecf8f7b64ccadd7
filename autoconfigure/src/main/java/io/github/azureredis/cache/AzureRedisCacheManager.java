package io.github.azureredis.cache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.azureredis.cache.AzureRedisCacheProperties.CacheSpec;
import io.github.azureredis.values.UncacheableValues;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.Cache;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter.TtlFunction;

/**
 * Spring Data's {@link RedisCacheManager}, whose caches are {@link AzureRedisCache}s, and which tells listeners of
 * every cache it creates, at start-up or on first use (so that metrics cover caches created later).
 *
 * @author Azure Redis Cache contributors
 */
public class AzureRedisCacheManager extends RedisCacheManager implements DisposableBean {

	private final AzureRedisCacheWriter writer;

	private final @Nullable NearCache nearCache;

	private final CacheSettings settings;

	private final @Nullable KeyLeases leases;

	private final LoadOutcomes loadOutcomes;

	private final Supplier<Executor> background;

	private final UncacheableValues uncacheableValues = new UncacheableValues();

	private final List<Consumer<AzureRedisCache>> creationListeners = new CopyOnWriteArrayList<>();

	private final AtomicLong fillBytesInFlight = new AtomicLong();

	private final List<AzureRedisCache> created = new CopyOnWriteArrayList<>();

	AzureRedisCacheManager(AzureRedisCacheWriter writer, RedisCacheConfiguration defaultCacheConfiguration,
			boolean allowRuntimeCacheCreation, Map<String, RedisCacheConfiguration> initialCacheConfigurations,
			@Nullable NearCache nearCache, CacheSettings settings, @Nullable KeyLeases leases,
			LoadOutcomes loadOutcomes, Supplier<Executor> background) {
		super(writer, defaultCacheConfiguration, allowRuntimeCacheCreation, initialCacheConfigurations);
		this.writer = writer;
		this.nearCache = nearCache;
		this.settings = settings;
		this.leases = leases;
		this.loadOutcomes = loadOutcomes;
		this.background = background;
		if (allowRuntimeCacheCreation) {
			requireNoTimeToIdle("azure.redis.cache.near-cache.enabled", "caches created on first use",
					defaultCacheConfiguration, settings.nearCachedByDefault());
		}
		initialCacheConfigurations.forEach((name, configuration) -> {
			requireNoTimeToIdle("azure.redis.cache.caches." + name + ".near-cache", "cache '" + name + "'",
					configuration, settings.nearCached(name));
			requireNoLoadPolicyWithTimeToIdle(name, configuration, settings.properties().getCaches().get(name));
			requireTimeToLiveForLoadPolicy(name, configuration, settings.properties().getCaches().get(name));
		});
	}

	/**
	 * A cache's own fail-safe or refresh-ahead where its entries never expire: refused, since no entry would ever be
	 * stale or due for a refresh, and the setting would do nothing; the defaults leave such caches alone.
	 */
	private static void requireTimeToLiveForLoadPolicy(String name, RedisCacheConfiguration configuration,
			@Nullable CacheSpec spec) {
		if (spec == null || configuration.isTimeToIdleEnabled()
				|| !TtlFunction.persistent().equals(configuration.getTtlFunction())) {
			return;
		}
		refuseLoadPolicy(name, spec, "Cache '" + name + "' has no time to live: its entries never expire, so none is "
				+ "ever stale or due for a refresh. Set azure.redis.cache.caches." + name + ".time-to-live (or "
				+ "spring.cache.redis.time-to-live), or remove the property.");
	}

	/** Refuses a cache's own fail-safe, or else its refresh-ahead, if set, for the reason given. */
	private static void refuseLoadPolicy(String name, CacheSpec spec, String reason) {
		String prefix = "azure.redis.cache.caches." + name + ".";
		if (spec.getFailSafe() != null) {
			throw new InvalidConfigurationPropertyValueException(prefix + "fail-safe", spec.getFailSafe(), reason);
		}
		if (spec.getRefreshAhead() != null) {
			throw new InvalidConfigurationPropertyValueException(prefix + "refresh-ahead", spec.getRefreshAhead(),
					reason);
		}
	}

	/**
	 * A cache's own fail-safe or refresh-ahead where its configuration (from a customizer) has time-to-idle: refused,
	 * as with {@code max-idle}, since every read restarts an idle entry's expiry; the defaults leave such caches alone.
	 */
	private static void requireNoLoadPolicyWithTimeToIdle(String name, RedisCacheConfiguration configuration,
			@Nullable CacheSpec spec) {
		if (spec == null || !configuration.isTimeToIdleEnabled()) {
			return;
		}
		refuseLoadPolicy(name, spec, "The RedisCacheConfiguration of cache '" + name + "' enables time-to-idle: every "
				+ "read restarts an entry's expiry, so it has no time to live to be past or to refresh ahead of. Remove "
				+ "the property, or enableTimeToIdle().");
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

	/** @return how the loads of this manager's caches ended: under leases, stale values served, refreshes */
	public LoadOutcomes loadOutcomes() {
		return this.loadOutcomes;
	}

	/** @return the values this manager's caches did not store */
	public UncacheableValues uncacheableValues() {
		return this.uncacheableValues;
	}

	/**
	 * Registers a listener called with every cache created from now on (not with those created already, which Spring
	 * Boot's cache metrics bind at start-up).
	 * @param listener the listener
	 */
	public void onCacheCreated(Consumer<AzureRedisCache> listener) {
		this.creationListeners.add(listener);
	}

	@Override
	protected RedisCache createRedisCache(String name, @Nullable RedisCacheConfiguration cacheConfiguration) {
		RedisCacheConfiguration configuration = (cacheConfiguration != null) ? cacheConfiguration
				: getDefaultCacheConfiguration();
		LoadPolicy policy = configuration.isTimeToIdleEnabled() ? LoadPolicy.NONE : this.settings.loadPolicy(name);
		AzureRedisCache cache = new AzureRedisCache(name, this.writer,
				this.settings.valueRules().forCache(name, configuration),
				this.settings.nearCached(name) ? this.nearCache : null, this.uncacheableValues, this.leases,
				(this.leases != null) ? this.settings.leaseSettings(name) : null,
				policy, new PendingFills(this.settings.pipelinedFills(name) && policy.failSafe() == null,
						this.fillBytesInFlight),
				this.loadOutcomes, this.background);
		return cache;
	}

	/**
	 * Tells the listeners of a cache when it is kept: Spring's {@code getCache} may create a missing cache on several
	 * threads at once, and keeps the one it decorates, under its lock.
	 */
	@Override
	protected Cache decorateCache(Cache cache) {
		if (cache instanceof AzureRedisCache kept) {
			this.created.add(kept);
			this.creationListeners.forEach((listener) -> listener.accept(kept));
		}
		return super.decorateCache(cache);
	}

	/** @return whether any cache keeps local copies and their invalidation channel is live */
	boolean isNearCacheReady() {
		return this.nearCache != null && this.nearCache.isReady();
	}

	/** @return the near cache shared by the caches, if any (for tests and diagnostics) */
	@Nullable NearCache nearCache() {
		return this.nearCache;
	}

	/** Waits for the fills under way (each bounded by the call timeout), so that shutting down does not drop them. */
	@Override
	public void destroy() {
		this.created.forEach(AzureRedisCache::awaitFills);
		if (this.nearCache != null) {
			this.nearCache.close();
		}
		if (this.leases != null) {
			this.leases.close();
		}
	}

}
