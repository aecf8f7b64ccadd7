package io.github.azureredis.cache;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * How the misses of {@code @Cacheable(sync = true)} methods under leases ended ({@link KeyLeases}), by cache: the
 * instance computed them as the lease's holder, waited for another instance's value, computed them without writing
 * because Redis did not answer, or computed them after waiting its cache's longest wait. Counted for the meter
 * {@code azure.redis.cache.leases}.
 *
 * @author Azure Redis Cache contributors
 */
public final class LeaseOutcomes {

	private final Map<String, Map<Outcome, LongAdder>> counts = new ConcurrentHashMap<>();

	private final List<BiConsumer<String, Outcome>> listeners = new CopyOnWriteArrayList<>();

	void record(String cacheName, Outcome outcome) {
		Map<Outcome, LongAdder> byOutcome = this.counts.computeIfAbsent(cacheName, (name) -> new ConcurrentHashMap<>());
		LongAdder count = byOutcome.get(outcome);
		if (count == null) {
			LongAdder created = new LongAdder();
			LongAdder existing = byOutcome.putIfAbsent(outcome, created);
			count = (existing != null) ? existing : created;
			if (existing == null) {
				this.listeners.forEach((listener) -> listener.accept(cacheName, outcome));
			}
		}
		count.increment();
	}

	/**
	 * How many misses of a cache ended one way.
	 * @param cacheName the cache
	 * @param outcome how they ended
	 * @return the count since start-up
	 */
	public long count(String cacheName, Outcome outcome) {
		Map<Outcome, LongAdder> byOutcome = this.counts.get(cacheName);
		LongAdder count = (byOutcome != null) ? byOutcome.get(outcome) : null;
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Registers a listener told of every cache and outcome as they are first counted, and of those counted already.
	 * @param listener the listener
	 */
	public void onFirstCount(BiConsumer<String, Outcome> listener) {
		this.listeners.add(listener);
		this.counts.forEach((cacheName, byOutcome) -> byOutcome.keySet()
			.forEach((outcome) -> listener.accept(cacheName, outcome)));
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
