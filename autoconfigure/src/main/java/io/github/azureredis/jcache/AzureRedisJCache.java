package io.github.azureredis.jcache;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;

import io.github.azureredis.cache.RedisExceptionTranslator;
import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.UncacheableValues;
import io.github.azureredis.connection.redisson.CommandTimeout;
import org.jspecify.annotations.Nullable;
import org.redisson.api.CacheAsync;
import org.redisson.client.RedisException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;

/**
 * A Redisson JCache with the starter's rules for cache calls:
 * <ul>
 * <li>a write of a value (or key) that cannot be stored (too large, not writable in a form that reads back as it
 * was, or refused by a full Redis) fails with a {@link CacheException} that says why, and leaves the cache as it was: JSR-107's {@code put}
 * stores or throws. The view Spring's cache abstraction uses ({@link #skippingUncacheable}) removes the key's older
 * entry instead and succeeds as if nothing was stored, so that a cache format problem never fails a
 * {@code @Cacheable} or {@code @CacheResult} call, as with the starter's Spring cache;</li>
 * <li>a read, write or removal of one key waits at most the client's command timeout
 * ({@code spring.data.redis.timeout}, relaxed during an announced maintenance: {@link CommandTimeout}), retries
 * included, then fails with a {@link CacheException} whose cause is a {@link QueryTimeoutException}; Redisson's
 * synchronous calls would wait the timeout once per attempt; while Redis answers nothing at all, such calls fail so
 * at once, except one a second ({@link CommandTimeout#checkAnswering()});</li>
 * <li>iteration skips entries whose key or value cannot be read (written by someone else).</li>
 * </ul>
 * Everything else is Redisson's.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @author Azure Redis Cache contributors
 */
final class AzureRedisJCache<K, V> extends ForwardingJCache<K, V> {

	private final UncacheableValues uncacheable;

	private final CacheManager manager;

	private final @Nullable CacheAsync<K, V> async;

	private final @Nullable CommandTimeout timeout;

	private final boolean skipsUncacheable;

	@SuppressWarnings("unchecked")
	private AzureRedisJCache(Cache<K, V> delegate, UncacheableValues uncacheable, CacheManager manager,
			@Nullable CommandTimeout timeout, boolean skipsUncacheable) {
		super(delegate);
		this.uncacheable = uncacheable;
		this.manager = manager;
		this.async = (timeout != null && delegate instanceof CacheAsync<?, ?>) ? (CacheAsync<K, V>) delegate : null;
		this.timeout = timeout;
		this.skipsUncacheable = skipsUncacheable;
	}

	/**
	 * A cache that stores or throws, as JSR-107 has it.
	 * @param delegate Redisson's cache
	 * @param uncacheable where values that could not be stored are counted
	 * @param manager the manager to report as the cache's
	 * @param timeout how long a call of one key may take, if the client's is known
	 * @return the cache
	 */
	static <K, V> AzureRedisJCache<K, V> storingOrThrowing(Cache<K, V> delegate, UncacheableValues uncacheable,
			CacheManager manager, @Nullable CommandTimeout timeout) {
		return new AzureRedisJCache<>(delegate, uncacheable, manager, timeout, false);
	}

	/**
	 * The view of this cache for Spring's cache abstraction: a value or key that cannot be stored is not cached,
	 * the key's older entry is removed, and the call succeeds.
	 * @return the view
	 */
	AzureRedisJCache<K, V> skippingUncacheable() {
		return new AzureRedisJCache<>(delegate(), this.uncacheable, this.manager, this.timeout, true);
	}

	@Override
	public void put(K key, V value) {
		write(key, () -> {
			if (this.async != null) {
				await(this.async.putAsync(key, value));
			}
			else {
				delegate().put(key, value);
			}
			return null;
		});
	}

	@Override
	public @Nullable V getAndPut(K key, V value) {
		return write(key, () -> (this.async != null) ? await(this.async.getAndPutAsync(key, value))
				: delegate().getAndPut(key, value), () -> getAndRemove(key));
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> map) {
		try {
			delegate().putAll(map);
		}
		catch (RuntimeException ex) {
			UncacheableValueException uncacheable = uncacheable(ex);
			if (uncacheable == null) {
				throw ex;
			}
			if (!this.skipsUncacheable) {
				this.uncacheable.record(getName(), uncacheable);
				throw new CacheException(uncacheable.getMessage(), uncacheable);
			}
			// One of them is not cacheable: store the others one by one.
			map.forEach(this::put);
		}
	}

	@Override
	public boolean putIfAbsent(K key, V value) {
		Boolean stored = write(key, () -> (this.async != null) ? await(this.async.putIfAbsentAsync(key, value))
				: delegate().putIfAbsent(key, value));
		return Boolean.TRUE.equals(stored);
	}

	@Override
	public boolean replace(K key, V oldValue, V newValue) {
		Boolean replaced = write(key, () -> delegate().replace(key, oldValue, newValue));
		return Boolean.TRUE.equals(replaced);
	}

	@Override
	public boolean replace(K key, V value) {
		Boolean replaced = write(key, () -> delegate().replace(key, value));
		return Boolean.TRUE.equals(replaced);
	}

	@Override
	public @Nullable V getAndReplace(K key, V value) {
		return write(key, () -> delegate().getAndReplace(key, value), () -> getAndRemove(key));
	}

	/**
	 * Runs an entry processor. When the value it sets is not cacheable, the Spring view leaves the key empty and
	 * returns the processor's own result: Spring's {@code @Cacheable(sync = true)} gets the method's value from it.
	 */
	@Override
	public <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments)
			throws EntryProcessorException {
		Objects.requireNonNull(entryProcessor, "entryProcessor");
		if (!this.skipsUncacheable) {
			return write(key, () -> delegate().invoke(key, entryProcessor, arguments));
		}
		AtomicReference<@Nullable T> result = new AtomicReference<>();
		EntryProcessor<K, V, T> capturing = (entry, args) -> {
			T value = entryProcessor.process(entry, args);
			result.set(value);
			return value;
		};
		return write(key, () -> delegate().invoke(key, capturing, arguments), result::get);
	}

	private <T> @Nullable T write(K key, Supplier<T> write) {
		return write(key, write, () -> null);
	}

	/**
	 * Runs a write. If its value or key cannot be stored, a JCache call fails with a {@link CacheException} and
	 * leaves the cache as it was; the Spring view removes the key's older entry instead, so that it is not served
	 * stale, and returns what {@code instead} returns, as if nothing was stored.
	 */
	private <T> @Nullable T write(K key, Supplier<T> write, Supplier<@Nullable T> instead) {
		checkAnswering();
		try {
			return write.get();
		}
		catch (RuntimeException ex) {
			UncacheableValueException uncacheable = uncacheable(ex);
			if (uncacheable == null) {
				throw ex;
			}
			this.uncacheable.record(getName(), uncacheable);
			if (!this.skipsUncacheable) {
				throw new CacheException(uncacheable.getMessage(), uncacheable);
			}
			// The key itself may be what cannot be written: then there is no entry to remove.
			T result = read(instead, null);
			read(() -> delegate().remove(key), false);
			return result;
		}
	}

	/**
	 * Runs a read of a key. A key that cannot be written cannot be stored, so the Spring view reads it as absent;
	 * a JCache call fails with a {@link CacheException}.
	 */
	private <T> @Nullable T read(Supplier<@Nullable T> read, @Nullable T absent) {
		checkAnswering();
		try {
			return read.get();
		}
		catch (RuntimeException ex) {
			UncacheableValueException uncacheable = uncacheable(ex);
			if (uncacheable == null) {
				throw ex;
			}
			if (!this.skipsUncacheable) {
				throw new CacheException(uncacheable.getMessage(), uncacheable);
			}
			return absent;
		}
	}

	private static @Nullable UncacheableValueException uncacheable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof UncacheableValueException uncacheable) {
				return uncacheable;
			}
		}
		return UncacheableValueException.ifRedisFull(ex);
	}

	/**
	 * Waits for an asynchronous call at most the timeout, then cancels it. A failure of Redis, a time-out or an
	 * interruption is a {@link CacheException}, as JSR-107 has every failure of a cache, whose cause is the failure
	 * as the Spring cache reports it ({@link RedisExceptionTranslator}): a {@link QueryTimeoutException} for a
	 * time-out, a {@code RedisConnectionFailureException} for a lost connection...
	 */
	private <T> @Nullable T await(CompletionStage<T> call) {
		return Objects.requireNonNull(this.timeout).await(call.toCompletableFuture(), AzureRedisJCache::failure);
	}

	/** Fails a call of one key at once while Redis answers nothing at all, as a time-out of that call would. */
	private void checkAnswering() {
		if (this.timeout != null) {
			try {
				this.timeout.checkAnswering();
			}
			catch (QueryTimeoutException ex) {
				throw new CacheException(ex);
			}
		}
	}

	private static RuntimeException failure(Throwable failure) {
		// Redisson's JCache reports a failure of Redis as a CacheException around Redisson's own exception.
		Throwable cause = (failure instanceof CacheException && failure.getCause() instanceof RedisException redis)
				? redis : failure;
		if (cause instanceof DataAccessException translated) {
			return new CacheException(translated);
		}
		if (cause instanceof RuntimeException runtime && !(cause instanceof RedisException)) {
			// JSR-107's own, a refused argument, a value that cannot be stored: as they are.
			return runtime;
		}
		return new CacheException(RedisExceptionTranslator.translate(cause));
	}

	@Override
	public @Nullable V get(K key) {
		return read(() -> (this.async != null) ? await(this.async.getAsync(key)) : delegate().get(key), null);
	}

	@Override
	public boolean containsKey(K key) {
		return Boolean.TRUE.equals(read(() -> delegate().containsKey(key), false));
	}

	@Override
	public boolean remove(K key) {
		return Boolean.TRUE.equals(read(() -> (this.async != null) ? await(this.async.removeAsync(key))
				: delegate().remove(key), false));
	}

	@Override
	public CacheManager getCacheManager() {
		return this.manager;
	}

	/** Skips the entries whose key or value cannot be read: Redis may hold data anyone wrote. */
	@Override
	public Iterator<Entry<K, V>> iterator() {
		Iterator<Entry<K, V>> entries = delegate().iterator();
		return new Iterator<>() {

			private @Nullable Entry<K, V> next;

			private @Nullable Entry<K, V> last;

			@Override
			public boolean hasNext() {
				while (this.next == null && entries.hasNext()) {
					Entry<K, V> entry = entries.next();
					if (!(entry.getKey() instanceof UnreadableKey) && entry.getValue() != null) {
						this.next = entry;
					}
				}
				return this.next != null;
			}

			@Override
			public Entry<K, V> next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				Entry<K, V> entry = Objects.requireNonNull(this.next);
				this.next = null;
				this.last = entry;
				return entry;
			}

			@Override
			public void remove() {
				Entry<K, V> entry = this.last;
				if (entry == null) {
					throw new IllegalStateException("next() was not called");
				}
				this.last = null;
				AzureRedisJCache.this.remove(entry.getKey());
			}

		};
	}

}
