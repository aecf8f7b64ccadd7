package io.github.azureredis.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter.TtlFunction;

/**
 * What a cache does with the life of its entries beyond Spring's time to live, for {@code @Cacheable(sync = true)}
 * methods (the only ones whose method the cache is handed): fail-safe, soft timeout and refresh-ahead.
 * <p>
 * An entry has a logical expiry, its time to live, and a physical one in Redis, {@link #failSafe} later. The value
 * keeps the format every reader knows (Spring Data's, older versions of the starter): the logical expiry is read from
 * the key's remaining life ({@code PTTL}), in the same round trip as the value, and an entry in its last
 * {@code failSafe} is stale. A stale entry is a miss for every reader but a {@code sync} call, which recomputes it and
 * serves the stale value only should the method fail or outlast the {@link #softTimeout}. Changing {@code fail-safe}
 * shifts the logical expiry of entries already written by the difference; no entry is ever served past its physical
 * one. Spring Data's {@code RedisCache} and Caffeine's {@code refreshAfterWrite} (local to one JVM) lacked the
 * logical expiry and a refresh shared by the instances.
 *
 * @param failSafe how long past its time to live an entry may stand in for a failing method, or {@code null}
 * @param softTimeout with a stale value at hand, the longest a call waits for the method, or {@code null}
 * @param refreshAhead the fraction of an entry's time to live after which a hit refreshes it, or {@code null}
 * @author Azure Redis Cache contributors
 */
record LoadPolicy(@Nullable Duration failSafe, @Nullable Duration softTimeout, @Nullable Double refreshAhead) {

	/** Spring's behaviour: an entry lives its time to live, no longer. */
	static final LoadPolicy NONE = new LoadPolicy(null, null, null);

	/** @return whether this cache does any of it */
	boolean isActive() {
		return this.failSafe != null || this.refreshAhead != null;
	}

	/**
	 * The configuration whose entries live {@link #failSafe} longer in Redis; unchanged without fail-safe or with
	 * time-to-idle (which has no time to live to extend, refused at start-up where a property sets both).
	 * @param configuration the cache's configuration
	 * @return the configuration the cache writes with
	 */
	RedisCacheConfiguration applyTo(RedisCacheConfiguration configuration) {
		Duration extra = this.failSafe;
		if (extra == null || configuration.isTimeToIdleEnabled()) {
			return configuration;
		}
		TtlFunction timeToLive = configuration.getTtlFunction();
		return configuration.entryTtl((key, value) -> {
			Duration life = timeToLive.getTimeToLive(key, value);
			return (life.isZero() || life.isNegative()) ? life : life.plus(extra);
		});
	}

	/**
	 * The logical life of an entry read with its remaining life in Redis.
	 * @param remainingInRedis how long the key still lives, {@code null} if it does not expire
	 * @return how long it is still fresh ({@code null}: it does not expire); zero or less when stale
	 */
	@Nullable Duration freshFor(@Nullable Duration remainingInRedis) {
		Duration extra = this.failSafe;
		return (remainingInRedis == null || extra == null) ? remainingInRedis : remainingInRedis.minus(extra);
	}

	/**
	 * Whether an entry read with its remaining life is stale: past its time to live, within its fail-safe.
	 * @param remainingInRedis how long the key still lives, {@code null} if it does not expire
	 * @return {@code true} if stale
	 */
	boolean isStale(@Nullable Duration remainingInRedis) {
		Duration fresh = freshFor(remainingInRedis);
		return fresh != null && (fresh.isZero() || fresh.isNegative());
	}

	/**
	 * How long before its logical expiry an entry is refreshed by a hit: the last part of its time to live.
	 * @param timeToLive the entry's time to live as configured, before any jitter
	 * @return the refresh window, or {@link Duration#ZERO} without refresh-ahead or without a time to live
	 */
	Duration refreshWindow(Duration timeToLive) {
		Double fraction = this.refreshAhead;
		if (fraction == null || timeToLive.isZero() || timeToLive.isNegative()) {
			return Duration.ZERO;
		}
		return Duration.ofNanos((long) (timeToLive.toNanos() * (1 - fraction)));
	}

	/**
	 * Whether a fresh entry is due for a refresh.
	 * @param freshFor how long it is still fresh, {@code null} if it does not expire
	 * @param timeToLive its time to live as configured
	 * @return {@code true} when it is in its refresh window
	 */
	boolean isRefreshDue(@Nullable Duration freshFor, Duration timeToLive) {
		Duration window = refreshWindow(timeToLive);
		return freshFor != null && !window.isZero() && freshFor.compareTo(window) <= 0;
	}

	/**
	 * How long a local copy of a fresh entry may be served: until it is stale, or due for a refresh, which only a
	 * read from Redis can start.
	 * @param freshFor how long it is still fresh, {@code null} if it does not expire
	 * @param timeToLive its time to live as configured
	 * @return the local life, {@code null} for no bound from the entry; zero or less: do not keep a copy
	 */
	@Nullable Duration localLife(@Nullable Duration freshFor, Duration timeToLive) {
		return (freshFor != null) ? freshFor.minus(refreshWindow(timeToLive)) : null;
	}

	/**
	 * The remaining life in Redis above which an entry was refreshed already (by another instance).
	 * @param timeToLive its time to live as configured
	 * @return the remaining physical life that marks a refreshed entry
	 */
	Duration refreshedAbove(Duration timeToLive) {
		Duration window = refreshWindow(timeToLive);
		return (this.failSafe != null) ? window.plus(this.failSafe) : window;
	}

}
