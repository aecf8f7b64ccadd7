package io.github.azureredis.jcache;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

import io.github.azureredis.cache.CacheSettings;
import io.github.azureredis.cache.FailOpenCacheErrorHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The JCache manager as Spring's {@code JCacheCacheManager} hands it out ({@code getCacheManager()}), and so as
 * Hibernate ORM's second-level cache gets it when set up as Spring Boot's reference documentation shows: JSR-107's
 * manager (no cache is created by {@link #getCache}), whose caches do not store a value or key that cannot be stored
 * (a class outside the allow-list, a value over {@code azure.redis.cache.max-value-size}) but count it, warn and let
 * the call succeed ({@link AzureRedisJCache#skippingUncacheable()}), as every cache Spring's abstraction uses does:
 * an entity that cannot be cached must not fail a Hibernate transaction. With {@code azure.redis.cache.fail-open},
 * its caches apply fail-open to Hibernate's calls, which Spring's {@code CacheErrorHandler} never sees
 * ({@link FailOpenJCache}). The {@code javax.cache.CacheManager} bean itself stores or throws.
 *
 * @author Azure Redis Cache contributors
 */
final class SpringFacingJCacheManager implements CacheManager {

	private final AzureRedisJCacheManager manager;

	private final @Nullable FailOpenCacheErrorHandler failOpen;

	private final Map<String, FailOpenJCache<Object, Object>> failOpenCaches = new ConcurrentHashMap<>();

	/**
	 * Creates the manager.
	 * @param manager the starter's JCache manager
	 * @param failOpen how failures are logged and counted with {@code azure.redis.cache.fail-open}, or {@code null}
	 * when it is off
	 */
	SpringFacingJCacheManager(AzureRedisJCacheManager manager, @Nullable FailOpenCacheErrorHandler failOpen) {
		this.manager = manager;
		this.failOpen = failOpen;
	}

	/**
	 * How the caches of this manager log and count failures with {@code azure.redis.cache.fail-open}: as the Spring
	 * cache's error handler, also when the application replaced it with its own.
	 * @param settings the cache settings
	 * @param handler the Spring cache's fail-open error handler, if it is a bean
	 * @return the handler, or {@code null} when fail-open is off
	 */
	static @Nullable FailOpenCacheErrorHandler failOpen(CacheSettings settings,
			ObjectProvider<FailOpenCacheErrorHandler> handler) {
		return settings.properties().isFailOpen() ? handler.getIfAvailable(FailOpenCacheErrorHandler::new) : null;
	}

	@Override
	public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
		return (this.manager.getCache(cacheName, keyType, valueType) != null) ? view(cacheName) : null;
	}

	@Override
	public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
		return view(cacheName);
	}

	@Override
	public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
		this.manager.createCache(cacheName, configuration);
		Cache<K, V> cache = view(cacheName);
		if (cache == null) {
			throw new IllegalStateException("Cache '" + cacheName + "' was destroyed while it was created");
		}
		return cache;
	}

	@SuppressWarnings("unchecked")
	private <K, V> @Nullable Cache<K, V> view(String cacheName) {
		Cache<Object, Object> cache = this.manager.forSpring(cacheName, false);
		FailOpenCacheErrorHandler errors = this.failOpen;
		if (cache == null || errors == null) {
			return (Cache<K, V>) cache;
		}
		return (Cache<K, V>) this.failOpenCaches.compute(cacheName,
				(name, existing) -> (existing != null && existing.delegate() == cache) ? existing
						: new FailOpenJCache<>(cache, errors));
	}

	@Override
	public CachingProvider getCachingProvider() {
		return this.manager.getCachingProvider();
	}

	@Override
	public URI getURI() {
		return this.manager.getURI();
	}

	@Override
	public ClassLoader getClassLoader() {
		return this.manager.getClassLoader();
	}

	@Override
	public Properties getProperties() {
		return this.manager.getProperties();
	}

	@Override
	public Iterable<String> getCacheNames() {
		return this.manager.getCacheNames();
	}

	@Override
	public void destroyCache(String cacheName) {
		this.failOpenCaches.remove(cacheName);
		this.manager.destroyCache(cacheName);
	}

	@Override
	public void enableManagement(String cacheName, boolean enabled) {
		this.manager.enableManagement(cacheName, enabled);
	}

	@Override
	public void enableStatistics(String cacheName, boolean enabled) {
		this.manager.enableStatistics(cacheName, enabled);
	}

	@Override
	public void close() {
		this.manager.close();
	}

	@Override
	public boolean isClosed() {
		return this.manager.isClosed();
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		return type.isInstance(this) ? type.cast(this) : this.manager.unwrap(type);
	}

}
