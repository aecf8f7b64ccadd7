package io.github.azureredis.cache;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.azureredis.cache.CacheStore.ValueWithLife;
import io.github.azureredis.values.ValueRules;
import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.UncacheableValues;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;

/**
 * Spring Data's {@link RedisCache} (one key per entry, native expiry, Spring Boot's key names and semantics) with
 * what the starter adds:
 * <ul>
 * <li>{@code @Cacheable(sync = true)}: concurrent misses of one key in this instance wait for a single call of the
 * method instead of each calling it, and, with a lease per key in Redis ({@link KeyLeases}), so do the instances;</li>
 * <li>an optional {@link NearCache} of local copies;</li>
 * <li>values that are not cached rather than fail the call: larger than the maximum value size, or not writable
 * in a form that reads back as it was ({@link UncacheableValueException}); the key's older entry is evicted so that
 * it is not served stale, and {@link UncacheableValues} counts them and warns once per class.</li>
 * </ul>
 * Which values are refused, and that an unreadable stored value is a miss (which the method's value then replaces),
 * is the value format's ({@link ValueRules}), in the serialization pair of the cache's configuration.
 *
 * @author Azure Redis Cache contributors
 */
public class AzureRedisCache extends RedisCache {

	private final AzureRedisCacheWriter writer;

	private final @Nullable NearCache nearCache;

	private final UncacheableValues uncacheable;

	private final @Nullable KeyLeases leases;

	private final KeyLeases.@Nullable Settings leaseSettings;

	private final Map<String, CompletableFuture<@Nullable Object>> loading = new ConcurrentHashMap<>();

	AzureRedisCache(String name, AzureRedisCacheWriter writer, RedisCacheConfiguration cacheConfiguration,
			@Nullable NearCache nearCache, UncacheableValues uncacheable, @Nullable KeyLeases leases,
			KeyLeases.@Nullable Settings leaseSettings) {
		super(name, writer, cacheConfiguration);
		this.writer = writer;
		this.nearCache = nearCache;
		this.uncacheable = uncacheable;
		this.leases = (leaseSettings != null) ? leases : null;
		this.leaseSettings = leaseSettings;
	}

	/** @return whether this cache keeps local copies of entries */
	public boolean isNearCached() {
		return this.nearCache != null;
	}

	/** @return the number of local copies, 0 without near cache */
	public long localSize() {
		return (this.nearCache != null) ? this.nearCache.size(getName()) : 0;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		NearCache near = this.nearCache;
		if (near == null) {
			return super.lookup(key);
		}
		String cacheKey = createCacheKey(key);
		Object local = near.get(getName(), cacheKey, this::deserializeCacheValue);
		if (local != null) {
			this.writer.recordLocalHit(getName());
			return local;
		}
		long stamp = near.stamp(cacheKey);
		long readAt = System.nanoTime();
		ValueWithLife stored = this.writer.getWithLife(getName(), serializeCacheKey(cacheKey));
		if (stored == null) {
			return null;
		}
		Object value = deserializeCacheValue(stored.value());
		if (value != null) {
			near.keep(getName(), cacheKey, value, stored.value(), stored.remainingLife(), readAt, stamp);
		}
		return value;
	}

	/**
	 * Calls the loader once per key in this instance while others wait for its result
	 * ({@code @Cacheable(sync = true)}). The first caller of a key reads Redis, once, and loads on a miss; callers
	 * that arrive meanwhile wait for what it found or loaded, and count as hits. With leases, a miss loads once
	 * across the instances: the first caller takes the key's lease and loads, or waits for the instance that has it.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		String cacheKey = createCacheKey(key);
		NearCache near = this.nearCache;
		if (near != null) {
			Object local = near.get(getName(), cacheKey, this::deserializeCacheValue);
			if (local != null) {
				this.writer.recordLocalHit(getName());
				return (T) fromStoreValue(local);
			}
		}
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> leader = this.loading.putIfAbsent(cacheKey, mine);
		if (leader != null) {
			Object shared = join(leader);
			this.writer.recordLocalHit(getName());
			return (T) fromStoreValue(shared);
		}
		try {
			ValueWrapper stored = get(key);
			if (stored != null) {
				mine.complete(toStoreValue(stored.get()));
				return (T) stored.get();
			}
			T value = loadOnce(key, cacheKey, valueLoader);
			mine.complete(toStoreValue(value));
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loading.remove(cacheKey, mine);
		}
	}

	private <T> @Nullable T loadOnce(Object key, String cacheKey, Callable<T> valueLoader) {
		KeyLeases leases = this.leases;
		KeyLeases.Settings settings = this.leaseSettings;
		if (leases == null || settings == null) {
			T value = loadCacheValue(key, valueLoader);
			put(key, value);
			return value;
		}
		return leases.load(getName(), serializeCacheKey(cacheKey), settings, new KeyLeases.LeasedLoad<T>() {

			@Override
			public @Nullable ValueWrapper read() {
				return get(key);
			}

			@Override
			public @Nullable T computeAndWrite(KeyLeases.@Nullable Lease lease) {
				T value;
				try {
					value = loadCacheValue(key, valueLoader);
				}
				catch (RuntimeException | Error ex) {
					if (lease != null) {
						leases.release(lease);
					}
					throw ex;
				}
				if (lease != null) {
					putReleasing(key, value, leases, lease);
				}
				else {
					put(key, value);
				}
				return value;
			}

			@Override
			public @Nullable T computeLocally() {
				return loadCacheValue(key, valueLoader);
			}

		});
	}

	/**
	 * {@link #put} of a value computed under a lease, which the same command releases; a value that is not cached,
	 * or a write that fails, releases the lease too.
	 */
	private void putReleasing(Object key, @Nullable Object value, KeyLeases leases, KeyLeases.Lease lease) {
		Object cacheValue = preProcessCacheValue(value);
		if (cacheValue == null) {
			leases.release(lease);
			// Fails as Spring Data's put does for a null that the cache does not allow.
			super.put(key, value);
			return;
		}
		forgetLocal(key);
		try {
			this.writer.putReleasing(getName(), lease.entryKey(), serializeCacheValue(cacheValue),
					getCacheConfiguration().getTtlFunction().getTimeToLive(key, value), leases, lease);
		}
		catch (UncacheableValueException ex) {
			leases.release(lease);
			skip(key, ex);
			return;
		}
		catch (RuntimeException ex) {
			leases.release(lease);
			throw ex;
		}
		invalidateLocal(key);
	}

	private static @Nullable Object join(CompletableFuture<@Nullable Object> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		forgetLocal(key);
		try {
			super.put(key, value);
		}
		catch (UncacheableValueException ex) {
			skip(key, ex);
			return;
		}
		invalidateLocal(key);
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		ValueWrapper existing;
		forgetLocal(key);
		try {
			existing = super.putIfAbsent(key, value);
		}
		catch (UncacheableValueException ex) {
			skip(key, ex);
			return null;
		}
		invalidateLocal(key);
		return existing;
	}

	/**
	 * The asynchronous {@code @Cacheable} path. Other instances are told to drop their copies only when the loader
	 * ran (a hit stores nothing), and a loaded value that is not cached (too large, not faithful) is returned
	 * uncached, as on the blocking path, with the key's older entry deleted. Nothing here blocks: it may run on
	 * Redisson's threads.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		CompletableFuture<?>[] loaded = new CompletableFuture<?>[1];
		CompletableFuture<T> value = super.retrieve(key, () -> {
			CompletableFuture<T> loading = valueLoader.get();
			loaded[0] = loading;
			return loading;
		});
		return value.handle((result, failure) -> {
			CompletableFuture<?> loading = loaded[0];
			Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
			if (loading != null && cause instanceof UncacheableValueException uncacheable) {
				this.uncacheable.record(getName(), uncacheable);
				// The loader's future has completed: its value was being serialized.
				T loadedValue = (T) loading.join();
				return removeAsync(key).thenCompose((ignored) -> invalidateLocalAsync(key))
					.thenApply((ignored) -> loadedValue);
			}
			if (failure != null) {
				return CompletableFuture.<T>failedFuture(failure);
			}
			// Only a loaded value was stored; a hit leaves the other instances' copies alone.
			return (loading != null) ? invalidateLocalAsync(key).thenApply((ignored) -> result)
					: CompletableFuture.completedFuture(result);
		}).thenCompose((next) -> next);
	}

	private CompletableFuture<Void> removeAsync(Object key) {
		return this.writer.removeAsync(getName(), serializeCacheKey(createCacheKey(key)));
	}

	private CompletableFuture<Void> invalidateLocalAsync(Object key) {
		NearCache near = this.nearCache;
		if (near == null) {
			return CompletableFuture.completedFuture(null);
		}
		return near.invalidateAsync(getName(), createCacheKey(key)).toCompletableFuture();
	}

	@Override
	public void evict(Object key) {
		forgetLocal(key);
		super.evict(key);
		invalidateLocal(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		forgetLocal(key);
		boolean removed = super.evictIfPresent(key);
		invalidateLocal(key);
		return removed;
	}

	@Override
	public void clear() {
		clear("*");
	}

	/**
	 * Deletes the entries of this cache whose keys match a pattern. The cache's key prefix (its name, and
	 * {@code spring.cache.redis.key-prefix}) is matched literally: Spring Data's {@code RedisCache} puts it into the
	 * {@code SCAN} pattern as it is, so that a name such as {@code a*} or {@code tenant[1]} would clear other caches'
	 * entries and miss its own.
	 */
	@Override
	public void clear(String keyPattern) {
		getCacheWriter().clear(getName(), serializeCacheKey(keyPattern(keyPattern)));
		invalidateAllLocal();
	}

	@Override
	public boolean invalidate() {
		boolean removed = getCacheWriter().invalidate(getName(), serializeCacheKey(keyPattern("*")));
		invalidateAllLocal();
		return removed;
	}

	/** The {@code SCAN} pattern of this cache's keys that match a pattern: the key prefix escaped, then the pattern. */
	private String keyPattern(String pattern) {
		RedisCacheConfiguration configuration = getCacheConfiguration();
		return configuration.usePrefix() ? escapeGlob(configuration.getKeyPrefixFor(getName())) + pattern : pattern;
	}

	/** Escapes the characters Redis's glob-style patterns give a meaning: {@code * ? [ ] \}. */
	private static String escapeGlob(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	private void skip(Object key, UncacheableValueException ex) {
		// Not caching the new value must not leave the old one to be served.
		super.evict(key);
		invalidateLocal(key);
		this.uncacheable.record(getName(), ex);
	}

	// Before a write: no thread of this instance may read the old copy while the write is under way.
	private void forgetLocal(Object key) {
		if (this.nearCache != null) {
			this.nearCache.forget(getName(), createCacheKey(key));
		}
	}

	// After a write: drop the copy again (a read may have loaded the old value meanwhile) and tell the other
	// instances, waiting for them.
	private void invalidateLocal(Object key) {
		if (this.nearCache != null) {
			this.nearCache.invalidate(getName(), createCacheKey(key));
		}
	}

	private void invalidateAllLocal() {
		if (this.nearCache != null) {
			this.nearCache.invalidateAll(getName());
		}
	}

}
