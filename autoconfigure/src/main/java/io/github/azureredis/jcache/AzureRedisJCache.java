package io.github.azureredis.jcache;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

import io.github.azureredis.cache.UncacheableValueException;
import io.github.azureredis.cache.UncacheableValues;
import org.jspecify.annotations.Nullable;

/**
 * A Redisson JCache whose writes of a value that is not cached (not writable in a form that reads back as it was)
 * leave the key empty instead of failing: the same rule as the starter's Spring cache, so that a cache format problem
 * never fails a {@code @CacheResult} or {@code @Cacheable} call. Everything else is Redisson's.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @author Azure Redis Cache contributors
 */
final class AzureRedisJCache<K, V> implements Cache<K, V> {

	private final Cache<K, V> delegate;

	private final UncacheableValues uncacheable;

	private final CacheManager manager;

	AzureRedisJCache(Cache<K, V> delegate, UncacheableValues uncacheable, CacheManager manager) {
		this.delegate = delegate;
		this.uncacheable = uncacheable;
		this.manager = manager;
	}

	Cache<K, V> delegate() {
		return this.delegate;
	}

	@Override
	public void put(K key, V value) {
		write(key, () -> {
			this.delegate.put(key, value);
			return null;
		});
	}

	@Override
	public @Nullable V getAndPut(K key, V value) {
		return write(key, () -> this.delegate.getAndPut(key, value));
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> map) {
		try {
			this.delegate.putAll(map);
		}
		catch (RuntimeException ex) {
			if (uncacheable(ex) == null) {
				throw ex;
			}
			// One of them is not cacheable: store the others one by one.
			map.forEach(this::put);
		}
	}

	@Override
	public boolean putIfAbsent(K key, V value) {
		Boolean stored = write(key, () -> this.delegate.putIfAbsent(key, value));
		return Boolean.TRUE.equals(stored);
	}

	@Override
	public boolean replace(K key, V oldValue, V newValue) {
		Boolean replaced = write(key, () -> this.delegate.replace(key, oldValue, newValue));
		return Boolean.TRUE.equals(replaced);
	}

	@Override
	public boolean replace(K key, V value) {
		Boolean replaced = write(key, () -> this.delegate.replace(key, value));
		return Boolean.TRUE.equals(replaced);
	}

	@Override
	public @Nullable V getAndReplace(K key, V value) {
		return write(key, () -> this.delegate.getAndReplace(key, value));
	}

	@Override
	public <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments)
			throws EntryProcessorException {
		return write(key, () -> this.delegate.invoke(key, entryProcessor, arguments));
	}

	/**
	 * Runs a write; if its value is not cacheable, the key's older entry is removed, so that it is not served
	 * stale, and the write returns as if nothing was stored.
	 */
	private <T> @Nullable T write(K key, Supplier<T> write) {
		try {
			return write.get();
		}
		catch (RuntimeException ex) {
			UncacheableValueException uncacheable = uncacheable(ex);
			if (uncacheable == null) {
				throw ex;
			}
			this.delegate.remove(key);
			this.uncacheable.record(getName(), uncacheable);
			return null;
		}
	}

	private static @Nullable UncacheableValueException uncacheable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof UncacheableValueException uncacheable) {
				return uncacheable;
			}
		}
		return null;
	}

	@Override
	public @Nullable V get(K key) {
		return this.delegate.get(key);
	}

	@Override
	public Map<K, V> getAll(Set<? extends K> keys) {
		return this.delegate.getAll(keys);
	}

	@Override
	public boolean containsKey(K key) {
		return this.delegate.containsKey(key);
	}

	@Override
	public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
		this.delegate.loadAll(keys, replaceExistingValues, completionListener);
	}

	@Override
	public boolean remove(K key) {
		return this.delegate.remove(key);
	}

	@Override
	public boolean remove(K key, V oldValue) {
		return this.delegate.remove(key, oldValue);
	}

	@Override
	public @Nullable V getAndRemove(K key) {
		return this.delegate.getAndRemove(key);
	}

	@Override
	public void removeAll(Set<? extends K> keys) {
		this.delegate.removeAll(keys);
	}

	@Override
	public void removeAll() {
		this.delegate.removeAll();
	}

	@Override
	public void clear() {
		this.delegate.clear();
	}

	@Override
	public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
		return this.delegate.getConfiguration(type);
	}

	@Override
	public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
			EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
		return this.delegate.invokeAll(keys, entryProcessor, arguments);
	}

	@Override
	public String getName() {
		return this.delegate.getName();
	}

	@Override
	public CacheManager getCacheManager() {
		return this.manager;
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public boolean isClosed() {
		return this.delegate.isClosed();
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		return this.delegate.unwrap(type);
	}

	@Override
	public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
		this.delegate.registerCacheEntryListener(configuration);
	}

	@Override
	public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
		this.delegate.deregisterCacheEntryListener(configuration);
	}

	@Override
	public Iterator<Entry<K, V>> iterator() {
		return this.delegate.iterator();
	}

}
