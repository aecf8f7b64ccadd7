package io.github.azureredis.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

/**
 * The local copies of the near cache, per cache, in Caffeine, with per-key stamps that keep a read from putting back
 * a value a write replaced while it was under way. A value nothing in which can be changed (records of strings,
 * numbers, dates, enums, immutable collections) is kept as it was read and shared by every caller; of any other value
 * the stored bytes are kept, and every caller reads a copy of its own, so that no caller can change what another gets.
 *
 * @author Azure Redis Cache contributors
 */
final class LocalCopies {

	private static final int STRIPES = 1024;

	private final int maxSize;

	private final Duration timeToLive;

	private final Map<String, Cache<String, Copy>> copies = new ConcurrentHashMap<>();

	private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);

	LocalCopies(int maxSize, Duration timeToLive) {
		this.maxSize = maxSize;
		this.timeToLive = timeToLive;
	}

	/**
	 * The copy of an entry.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @param read reads a value from the bytes stored in Redis
	 * @return the value (Spring's store value), or {@code null}
	 */
	@Nullable Object get(String cacheName, String key, Function<byte[], @Nullable Object> read) {
		Cache<String, Copy> cache = this.copies.get(cacheName);
		Copy copy = (cache != null) ? cache.getIfPresent(key) : null;
		if (copy == null || copy.freshUntil - System.nanoTime() <= 0) {
			return null;
		}
		return (copy.shared != null) ? copy.shared : read.apply(copy.bytes);
	}

	/**
	 * The copy of an entry, fresh or stale (kept past its fresh life for fail-safe), until the entry's end in Redis.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @param read reads a value from the bytes stored in Redis
	 * @return the value (Spring's store value), or {@code null}
	 */
	@Nullable Object getFreshOrStale(String cacheName, String key, Function<byte[], @Nullable Object> read) {
		Cache<String, Copy> cache = this.copies.get(cacheName);
		Copy copy = (cache != null) ? cache.getIfPresent(key) : null;
		if (copy == null) {
			return null;
		}
		return (copy.shared != null) ? copy.shared : read.apply(copy.bytes);
	}

	boolean holds(String cacheName, String key) {
		Cache<String, Copy> cache = this.copies.get(cacheName);
		Copy copy = (cache != null) ? cache.getIfPresent(key) : null;
		return copy != null && copy.freshUntil - System.nanoTime() > 0;
	}

	long size(String cacheName) {
		Cache<String, Copy> cache = this.copies.get(cacheName);
		return (cache != null) ? cache.estimatedSize() : 0;
	}

	/**
	 * The stamp to take before reading a key from Redis, to pass to {@link #keep}.
	 * @param key the Redis key
	 * @return the stamp
	 */
	long stamp(String key) {
		return this.stamps.get(stripe(key));
	}

	/**
	 * Keeps a copy of a value just read from Redis, unless the key was dropped since the stamp was taken, and never
	 * longer than the entry lives in Redis: its remaining life counts from before the read (Redis measured it later),
	 * not from when the copy is put away.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @param value the value (Spring's store value)
	 * @param bytes the value as stored in Redis
	 * @param remainingLife how long the entry still lives in Redis, or {@code null} if it does not expire
	 * @param freshLife how long the copy may be served as fresh, at most its remaining life ({@code null}: as long)
	 * @param readAt {@link System#nanoTime()} before the read
	 * @param stamp the stamp taken before the read
	 */
	void keep(String cacheName, String key, Object value, byte[] bytes, @Nullable Duration remainingLife,
			@Nullable Duration freshLife, long readAt, long stamp) {
		if (this.stamps.get(stripe(key)) != stamp) {
			return;
		}
		long expiresAt = readAt + boundedLife(remainingLife).toNanos();
		long freshUntil = Math.min(expiresAt, readAt + boundedLife(freshLife).toNanos());
		if (freshUntil - System.nanoTime() <= 0) {
			return;
		}
		Copy copy = ImmutableValues.isImmutable(value) ? new Copy(value, null, freshUntil, expiresAt)
				: new Copy(null, bytes, freshUntil, expiresAt);
		this.copies.computeIfAbsent(cacheName, (name) -> newCache()).put(key, copy);
	}

	private Duration boundedLife(@Nullable Duration life) {
		return (life != null && life.compareTo(this.timeToLive) < 0) ? life : this.timeToLive;
	}

	void drop(String cacheName, String key) {
		this.stamps.incrementAndGet(stripe(key));
		Cache<String, Copy> cache = this.copies.get(cacheName);
		if (cache != null) {
			cache.invalidate(key);
		}
	}

	void dropCache(String cacheName) {
		bumpAllStamps();
		Cache<String, Copy> cache = this.copies.get(cacheName);
		if (cache != null) {
			cache.invalidateAll();
		}
	}

	/**
	 * Drops the copies of the keys that match, in every cache.
	 * @param keys which keys
	 */
	void dropWhere(Predicate<String> keys) {
		bumpAllStamps();
		this.copies.values().forEach((cache) -> cache.asMap().keySet().removeIf(keys));
	}

	private void bumpAllStamps() {
		for (int i = 0; i < STRIPES; i++) {
			this.stamps.incrementAndGet(i);
		}
	}

	private static int stripe(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	private Cache<String, Copy> newCache() {
		return Caffeine.newBuilder()
			.maximumSize(this.maxSize)
			.expireAfter(new UntilExpiresAt())
			.build();
	}

	/**
	 * A value shared by every caller, or the bytes each caller reads its own copy from, served as fresh until
	 * {@code freshUntil} and kept, as a stale value for fail-safe, until {@code expiresAt} ({@link System#nanoTime()},
	 * Caffeine's clock).
	 */
	private record Copy(@Nullable Object shared, byte @Nullable [] bytes, long freshUntil, long expiresAt) {
	}

	/** Expires a copy at its own deadline, however late it was put away. */
	private static final class UntilExpiresAt implements Expiry<String, Copy> {

		@Override
		public long expireAfterCreate(String key, Copy copy, long currentTime) {
			return Math.max(0, copy.expiresAt - currentTime);
		}

		@Override
		public long expireAfterUpdate(String key, Copy copy, long currentTime, long currentDuration) {
			return expireAfterCreate(key, copy, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Copy copy, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
