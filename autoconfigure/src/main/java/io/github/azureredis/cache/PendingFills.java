package io.github.azureredis.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The fills of one cache: the writes of values a {@code @Cacheable} method computed after a miss, sent without the
 * caller waiting for the reply ({@code azure.redis.cache.pipelined-fills}). Until Redis acknowledges a fill, the
 * other calls of this instance on its key wait for it: a read, so that it finds the value instead of computing it
 * again (and a near cache takes its copy only once the value is stored), and a write, so that the fill cannot land
 * after it. Spring Data's own writer sends every write without waiting unless told {@code immediateWrites()}; it
 * does not tell a fill from a {@code @CachePut}, whose caller asked for an update it may rely on, nor make the
 * instance's next read of the key wait for the write.
 * <p>
 * Spring's cache interceptor writes the value of a miss and that of a {@code @CachePut} alike, with
 * {@code Cache.put}. What tells them apart: after a miss it passes the put the very key object it passed the read
 * (its operation context keeps the key it generated), on the same thread, with no other call of this cache in
 * between; a {@code @CachePut} generates its own key. Should a {@code @CachePut} still be taken for a fill (its key
 * generator returns the same object, after a miss whose method threw), it is written only if the key has no value
 * by then, as a fill is.
 * <p>
 * A fill is a {@code SET ... NX}: once the caller went on, another instance may store a newer value (a
 * {@code @CachePut}) before the fill lands, and the fill must not replace it. So only a miss that found no key is
 * filled this way: one that found a value it could not read is replaced by an awaited put, and a cache with fail-safe
 * (whose stale entries are misses, yet in Redis) awaits its puts.
 * <p>
 * Fills are bounded: a value larger than {@link #LARGEST_PIPELINED} bytes, or one that would take the bytes in
 * flight of the cache manager's fills past {@link #MOST_BYTES_IN_FLIGHT} (each fill counting at least
 * {@link #LEAST_CHARGE}, so that at most 256 are in flight), is awaited as any put: a slow Redis holds up callers
 * rather than fill the heap with writes, or queue them ahead of every other command.
 *
 * @author Azure Redis Cache contributors
 */
final class PendingFills {

	/** The largest value whose fill is not awaited: the reply of a larger one costs little beside its transfer. */
	static final int LARGEST_PIPELINED = 256 * 1024;

	/** The most bytes of fills in flight across a cache manager's caches. */
	static final long MOST_BYTES_IN_FLIGHT = 16L * 1024 * 1024;

	/** What a fill counts against {@link #MOST_BYTES_IN_FLIGHT} at least. */
	static final int LEAST_CHARGE = 64 * 1024;

	private final boolean pipelined;

	private final AtomicLong bytesInFlight;

	private final ThreadLocal<@Nullable Object> missedKey = new ThreadLocal<>();

	private final ThreadLocal<@Nullable Boolean> unreadable = new ThreadLocal<>();

	private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Creates the fills of a cache.
	 * @param pipelined whether a fill leaves without waiting for its reply; if not, every put is awaited (a cache with
	 * fail-safe: see above)
	 * @param bytesInFlight the bytes of fills in flight, shared by the caches of a cache manager
	 */
	PendingFills(boolean pipelined, AtomicLong bytesInFlight) {
		this.pipelined = pipelined;
		this.bytesInFlight = bytesInFlight;
	}

	/** Notes that the read under way on this thread found a value it could not read: a miss that a fill must not take. */
	void unreadable() {
		if (this.pipelined) {
			this.unreadable.set(Boolean.TRUE);
		}
	}

	/**
	 * Notes a read of the calling thread: a miss that found no key is remembered, so that its fill can be told; any
	 * other read forgets an earlier miss.
	 * @param key the key object the cache was given
	 * @param missed whether the read missed
	 */
	void read(Object key, boolean missed) {
		if (this.pipelined) {
			if (missed && foundNoKey()) {
				this.missedKey.set(key);
			}
			else {
				forgetMiss();
			}
		}
	}

	/**
	 * Whether the miss of the read just made on this thread found no key, rather than a value it could not read;
	 * forgets the latter either way.
	 * @return {@code true} if its fill may be sent as a fill
	 */
	boolean foundNoKey() {
		if (this.unreadable.get() == null) {
			return true;
		}
		this.unreadable.remove();
		return false;
	}

	/**
	 * Whether a put is the fill of the miss before it, forgetting that miss either way.
	 * @param key the key object the put was given
	 * @return {@code true} if the last call of this cache on this thread was a miss of that very key object
	 */
	boolean isFill(Object key) {
		if (!this.pipelined) {
			return false;
		}
		Object missed = this.missedKey.get();
		if (missed == null) {
			return false;
		}
		this.missedKey.remove();
		return missed == key;
	}

	/** Forgets a miss of this thread: a call other than its fill came first. */
	void forgetMiss() {
		if (this.pipelined) {
			if (this.missedKey.get() != null) {
				this.missedKey.remove();
			}
			if (this.unreadable.get() != null) {
				this.unreadable.remove();
			}
		}
	}

	/**
	 * Takes room for a fill among the bytes in flight.
	 * @param size the size of its value
	 * @return the room taken, to give back with {@link #track}, or 0 if the fill must be awaited: pipelined fills
	 * are off, or it is too large, or too much is in flight
	 */
	int reserve(int size) {
		if (!this.pipelined || size > LARGEST_PIPELINED) {
			return 0;
		}
		int charge = Math.max(size, LEAST_CHARGE);
		if (this.bytesInFlight.addAndGet(charge) > MOST_BYTES_IN_FLIGHT) {
			this.bytesInFlight.addAndGet(-charge);
			return 0;
		}
		return charge;
	}

	/**
	 * Tracks a fill until it completes, and gives back its room then; with another fill of the key under way (two
	 * threads missed it at once), the key's calls wait for both.
	 * @param cacheKey the key (as {@code RedisCache} names it, before serialization)
	 * @param size the room it took ({@link #reserve})
	 * @param fill completes, never exceptionally, once acknowledged or failed
	 */
	void track(String cacheKey, int size, CompletableFuture<Void> fill) {
		CompletableFuture<Void> tracked = this.inFlight.merge(cacheKey, fill,
				(earlier, later) -> CompletableFuture.allOf(earlier, later));
		fill.whenComplete((ignored, failure) -> this.bytesInFlight.addAndGet(-size));
		tracked.whenComplete((ignored, failure) -> this.inFlight.remove(cacheKey, tracked));
	}

	/**
	 * The fill of a key under way.
	 * @param cacheKey the key
	 * @return completes when it is acknowledged or failed, or {@code null} if none is under way
	 */
	@Nullable CompletableFuture<Void> of(String cacheKey) {
		return this.inFlight.isEmpty() ? null : this.inFlight.get(cacheKey);
	}

	/** @return whether any fill is under way; cheap enough for every call */
	boolean any() {
		return !this.inFlight.isEmpty();
	}

	/**
	 * Waits for the fill of a key under way, if any, whether it succeeds or fails. A fill's command is bounded by the
	 * cache call's timeout, so is this wait.
	 * @param cacheKey the key
	 */
	void await(String cacheKey) {
		CompletableFuture<Void> fill = of(cacheKey);
		if (fill != null) {
			fill.join();
		}
	}

	/** Waits for every fill under way: before a clear, and before the cache manager is closed. */
	void awaitAll() {
		for (CompletableFuture<Void> fill : this.inFlight.values()) {
			fill.join();
		}
	}

}
