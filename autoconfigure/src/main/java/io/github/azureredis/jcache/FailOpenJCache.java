package io.github.azureredis.jcache;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.cache.Cache;

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
final class FailOpenJCache<K, V> extends ForwardingJCache<K, V> {

	/** {@code org.hibernate.cache.spi.RegionFactory#DEFAULT_UPDATE_TIMESTAMPS_REGION_UNQUALIFIED_NAME}. */
	private static final String UPDATE_TIMESTAMPS_REGION = "default-update-timestamps-region";

	private static final @Nullable Class<?> softLock = hibernateSoftLock();

	private final FailOpenCacheErrorHandler errors;

	private final org.springframework.cache.Cache named;

	private final boolean invalidatesOnPut;

	@SuppressWarnings("unchecked")
	FailOpenJCache(Cache<K, V> delegate, FailOpenCacheErrorHandler errors) {
		super(delegate);
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
		return read(key, () -> delegate().get(key), null);
	}

	@Override
	public Map<K, V> getAll(Set<? extends K> keys) {
		Map<K, V> found = read(keys, () -> delegate().getAll(keys), Map.of());
		return (found != null) ? found : Map.of();
	}

	@Override
	public boolean containsKey(K key) {
		return Boolean.TRUE.equals(read(key, () -> delegate().containsKey(key), false));
	}

	@Override
	public void put(K key, V value) {
		if (invalidates(value)) {
			delegate().put(key, value);
			return;
		}
		try {
			delegate().put(key, value);
		}
		catch (RuntimeException ex) {
			this.errors.handleCachePutError(ex, this.named, key, value);
		}
	}

	@Override
	public boolean putIfAbsent(K key, V value) {
		if (invalidates(value)) {
			return delegate().putIfAbsent(key, value);
		}
		try {
			return delegate().putIfAbsent(key, value);
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

}
