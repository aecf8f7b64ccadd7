package io.github.azureredis.values;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Counts by cache name and kind, for meters that appear when the first of their kind is counted: listeners hear of
 * each cache and kind once, when first counted, and of those counted before they registered. Shared by the starter's
 * cache packages; not an API.
 *
 * @param <K> the kinds counted
 * @author Azure Redis Cache contributors
 */
public final class CountsByCache<K> {

	private final Map<String, Map<K, LongAdder>> counts = new ConcurrentHashMap<>();

	private final List<BiConsumer<String, K>> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Counts one.
	 * @param cacheName the cache
	 * @param kind its kind
	 */
	public void increment(String cacheName, K kind) {
		Map<K, LongAdder> byKind = this.counts.computeIfAbsent(cacheName, (name) -> new ConcurrentHashMap<>());
		LongAdder count = byKind.get(kind);
		if (count == null) {
			LongAdder created = new LongAdder();
			LongAdder existing = byKind.putIfAbsent(kind, created);
			count = (existing != null) ? existing : created;
			if (existing == null) {
				this.listeners.forEach((listener) -> listener.accept(cacheName, kind));
			}
		}
		count.increment();
	}

	/**
	 * The count of a cache and kind.
	 * @param cacheName the cache
	 * @param kind the kind
	 * @return the count since start-up
	 */
	public long count(String cacheName, K kind) {
		Map<K, LongAdder> byKind = this.counts.get(cacheName);
		LongAdder count = (byKind != null) ? byKind.get(kind) : null;
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Registers a listener told of every cache and kind as they are first counted, and of those counted already.
	 * @param listener the listener
	 */
	public void onFirstCount(BiConsumer<String, K> listener) {
		this.listeners.add(listener);
		this.counts.forEach((cacheName, byKind) -> byKind.keySet().forEach((kind) -> listener.accept(cacheName, kind)));
	}

}
