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

import io.github.azureredis.cache.FailOpenCacheErrorHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.jcache.JCacheCache;
import org.springframework.util.ClassUtils;

/**
 * A cache of the JCache manager handed to Hibernate ORM, with {@code azure.redis.cache.fail-open}: Hibernate's cache
 * calls do not pass through Spring's {@code CacheErrorHandler}, so this cache applies fail-open to them itself,
 * counted and logged by the Spring cache's {@link FailOpenCacheErrorHandler}.
 * <ul>
 * <li>A read that fails is a miss: Hibernate reads the database.</li>
 * <li>A write that fails is skipped when it stores what was read from the database (Hibernate's put after a load,
 * a query's results, an entity after its insert or update): the entry is then not cached, and nothing in Redis is
 * made stale by it.</li>
 * <li>A write that invalidates fails as without fail-open ({@link javax.cache.CacheException}): a removal or clear,
 * a put of Hibernate's soft lock ({@code READ_WRITE} entities and collections lock the entry before their update is
 * written) and a put into the update-timestamps region (which marks the cached queries of a table stale). Skipped,
 * Redis would keep the entry it should have invalidated, and once it answers again every instance would read it,
 * stale, until it expires. Failing before the database is written (Hibernate locks, pre-invalidates and removes the
 * entries of {@code NONSTRICT_READ_WRITE} entities during the flush), the transaction rolls back; failing after
 * the commit, Hibernate logs it, and the entry stays locked or invalidated until Hibernate's lock timeout.</li>
 * </ul>
 * So while Redis cannot be reached, reads are served from the database, and transactions that change cached entities
 * fail.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @author Azure Redis Cache contributors
 */
final class FailOpenJCache<K, V> implements Cache<K, V> {

	/** {@code org.hibernate.cache.spi.RegionFactory#DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME}. */
	private static final String UPDATE_TIMESTAMPS_REGION = "default-update-timestamps-region";

	private static final @Nullable Class<?> softLock = hibernateSoftLock();

	private final Cache<K, V> delegate;

	private final FailOpenCacheErrorHandler errors;

	private final org.springframework.cache.Cache named;

	private final boolean invalidatesOnPut;

	@SuppressWarnings("unchecked")
	FailOpenJCache(Cache<K, V> delegate, FailOpenCacheErrorHandler errors) {
		this.delegate = delegate;
		this.errors = errors;
		// The error handler names the cache of a failure from a Spring cache.
		this.named = new JCacheCache((Cache<Object, Object>) delegate);
		String name = delegate.getName();
		this.invalidatesOnPut = name.equals(UPDATE_TIMESTAMPS_REGION)
				|| name.endsWith("." + UPDATE_TIMESTAMPS_REGION);
	}

	private static @Nullable Class<?> hibernateSoftLock() {
		String name = "org.hibernate.cache.spi.access.SoftLock";
		ClassLoader classLoader = FailOpenJCache.class.getClassLoader();
		return ClassUtils.isPresent(name, classLoader) ? ClassUtils.resolveClassName(name, classLoader) : null;
	}

	Cache<K, V> delegate() {
		return this.delegate;
	}

	private <T> @Nullable T read(Object key, Supplier<@Nullable T> read, @Nullable T absent) {
		try {
			return read.get();
		}
		catch (RuntimeException ex) {
			this.errors.handleCacheGetError(ex, this.named, key);
			return absent;
		}
	}

	private boolean invalidates(V value) {
		return this.invalidatesOnPut || (softLock != null && softLock.isInstance(value));
	}

	@Override
	public @Nullable V get(K key) {
		return read(key, () -> this.delegate.get(key), null);
	}

	@Override
	public Map<K, V> getAll(Set<? extends K> keys) {
		Map<K, V> found = read(keys, () -> this.delegate.getAll(keys), Map.of());
		return (found != null) ? found : Map.of();
	}

	@Override
	public boolean containsKey(K key) {
		return Boolean.TRUE.equals(read(key, () -> this.delegate.containsKey(key), false));
	}

	@Override
	public void put(K key, V value) {
		if (invalidates(value)) {
			this.delegate.put(key, value);
			return;
		}
		try {
			this.delegate.put(key, value);
		}
		catch (RuntimeException ex) {
			this.errors.handleCachePutError(ex, this.named, key, value);
		}
	}

	@Override
	public boolean putIfAbsent(K key, V value) {
		if (invalidates(value)) {
			return this.delegate.putIfAbsent(key, value);
		}
		try {
			return this.delegate.putIfAbsent(key, value);
		}
		catch (RuntimeException ex) {
			this.errors.handleCachePutError(ex, this.named, key, value);
			return false;
		}
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> map) {
		map.forEach(this::put);
	}

	@Override
	public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
		this.delegate.loadAll(keys, replaceExistingValues, completionListener);
	}

	@Override
	public @Nullable V getAndPut(K key, V value) {
		return this.delegate.getAndPut(key, value);
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
