package io.github.azureredis.cache;

import java.util.Locale;
import java.util.function.BiConsumer;

import io.github.azureredis.values.CountsByCache;
import org.jspecify.annotations.Nullable;

/**
 * How the loads of {@code @Cacheable(sync = true)} methods ended, by cache: a miss under a lease ({@link KeyLeases})
 * computed as the lease's holder, waited for another instance's value, computed without writing because Redis did not
 * answer, or computed after its cache's longest wait; a stale value served because the method failed or outlasted
 * its soft timeout; an entry refreshed ahead of its expiry, or a refresh that failed ({@link LoadPolicy}). Counted for
 * the meter {@code azure.redis.cache.loads}.
 *
 * @author Azure Redis Cache contributors
 */
public final class LoadOutcomes {

	private final CountsByCache<Outcome> counts = new CountsByCache<>();

	/** The outcome last recorded on each thread, for the observation of the load under way there. */
	private final ThreadLocal<@Nullable Outcome> lastOnThread = new ThreadLocal<>();

	void record(String cacheName, Outcome outcome) {
		this.counts.increment(cacheName, outcome);
		this.lastOnThread.set(outcome);
	}

	/** @return the outcome last recorded on this thread since the last call, or {@code null} */
	@Nullable Outcome takeLastOnThread() {
		Outcome last = this.lastOnThread.get();
		this.lastOnThread.remove();
		return last;
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
	 * How a load ended.
	 */
	public enum Outcome {

		/** This instance held the key's lease, computed the value and wrote it. */
		LEADER,

		/** Another instance computed the value; this one waited for it. */
		WAITED,

		/** Redis did not answer within the call's timeout: computed here, not written. */
		COMPUTED_LOCALLY,

		/** Waited the cache's lease.max-wait for another instance, then computed and wrote the value itself. */
		MAX_WAIT,

		/**
		 * The method failed, or outlasted the cache's soft-timeout, and the entry's stale value was served (fail-safe).
		 */
		STALE,

		/** A hit near the end of the entry's life recomputed it in the background, and the new value was written. */
		REFRESHED,

		/** A background recomputation (refresh-ahead, or one left running by a soft timeout) failed. */
		REFRESH_FAILED;

		/** @return the tag value */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
