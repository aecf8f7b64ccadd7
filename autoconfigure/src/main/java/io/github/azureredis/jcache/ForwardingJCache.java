package io.github.azureredis.jcache;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

import org.jspecify.annotations.Nullable;

/**
 * A JCache {@link Cache} that hands every call to another, for the caches that change some of them: JSR-107 has no
 * such base class.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @author Azure Redis Cache contributors
 */
abstract class ForwardingJCache<K, V> implements Cache<K, V> {

	private final Cache<K, V> delegate;

	ForwardingJCache(Cache<K, V> delegate) {
		this.delegate = delegate;
	}

	Cache<K, V> delegate() {
		return this.delegate;
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
	public void put(K key, V value) {
		this.delegate.put(key, value);
	}

	@Override
	public @Nullable V getAndPut(K key, V value) {
		return this.delegate.getAndPut(key, value);
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> map) {
		this.delegate.putAll(map);
	}

	@Override
	public boolean putIfAbsent(K key, V value) {
		return this.delegate.putIfAbsent(key, value);
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
	public boolean replace(K key, V oldValue, V newValue) {
		return this.delegate.replace(key, oldValue, newValue);
	}

	@Override
	public boolean replace(K key, V value) {
		return this.delegate.replace(key, value);
	}

	@Override
	public @Nullable V getAndReplace(K key, V value) {
		return this.delegate.getAndReplace(key, value);
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
	public <T> @Nullable T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments)
			throws EntryProcessorException {
		return this.delegate.invoke(key, entryProcessor, arguments);
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
		return this.delegate.getCacheManager();
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
		return type.isInstance(this) ? type.cast(this) : this.delegate.unwrap(type);
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
