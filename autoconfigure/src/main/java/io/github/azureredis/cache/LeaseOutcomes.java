package io.github.azureredis.cache;

import java.util.Locale;
import java.util.function.BiConsumer;

import io.github.azureredis.values.CountsByCache;

/**
 * How the misses of {@code @Cacheable(sync = true)} methods under leases ended ({@link KeyLeases}), by cache: the
 * instance computed them as the lease's holder, waited for another instance's value, computed them without writing
 * because Redis did not answer, or computed them after waiting its cache's longest wait. Counted for the meter
 * {@code azure.redis.cache.leases}.
 *
 * @author Azure Redis Cache contributors
 */
public final class LeaseOutcomes {

	private final CountsByCache<Outcome> counts = new CountsByCache<>();

	void record(String cacheName, Outcome outcome) {
		this.counts.increment(cacheName, outcome);
	}

	/**
	 * How many misses of a cache ended one way.
	 * @param cacheName the cache
	 * @param outcome how they ended
	 * @return the count since start-up
	 */
	public long count(String cacheName, Outcome outcome) {
		return this.counts.count(cacheName, outcome);
	}

	/**
	 * Registers a listener told of every cache and outcome as they are first counted, and of those counted already.
	 * @param listener the listener
	 */
	public void onFirstCount(BiConsumer<String, Outcome> listener) {
		this.counts.onFirstCount(listener);
	}

	/**
	 * How a miss under a lease ended.
	 */
	public enum Outcome {

		/** This instance held the key's lease, computed the value and wrote it. */
		LEADER,

		/** Another instance computed the value; this one waited for it. */
		WAITED,

		/** Redis did not answer within the call's timeout: computed here, not written. */
		COMPUTED_LOCALLY,

		/** Waited the cache's lease.max-wait for another instance, then computed and wrote the value itself. */
		MAX_WAIT;

		/** @return the tag value */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
