package io.github.azureredis.jcache;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.values.UncacheableValues;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.Codec;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * A JCache {@link CacheManager} whose caches all use the starter's Redisson client, and so its connections and
 * Microsoft Entra ID credentials. Redisson's own manager needs a Redisson configuration for every cache; this one
 * gives each cache the shared client and a codec of its own ({@link JCacheCodec}: keys by value, values as JSON or,
 * for {@code Serializable} values JSON cannot store, Java serialization behind the allow-list), while the client and
 * the application's other Redisson objects keep theirs. It keeps JSR-107's contract: {@link #getCache} returns
 * {@code null} for a cache that was not created; the creation on first use that Spring's cache abstraction expects
 * ({@code azure.redis.cache.dynamic}) belongs to the Spring {@code CacheManager} over it.
 *
 * @author Azure Redis Cache contributors
 */
public final class AzureRedisJCacheManager implements CacheManager {

	private final CacheManager delegate;

	private final RedissonClient redisson;

	private final Function<String, Configuration<Object, Object>> configurations;

	private final UncacheableValues uncacheableValues = new UncacheableValues();

	private final Map<String, AzureRedisJCache<?, ?>> caches = new ConcurrentHashMap<>();

	private final Map<String, AzureRedisJCache<?, ?>> springViews = new ConcurrentHashMap<>();

	private final @Nullable CommandTimeout timeout;

	private final Codec codec;

	AzureRedisJCacheManager(CacheManager delegate, RedissonClient redisson, Codec codec,
			Function<String, Configuration<Object, Object>> configurations, @Nullable CommandTimeout commandTimeout) {
		this.delegate = delegate;
		this.redisson = redisson;
		this.codec = codec;
		this.configurations = configurations;
		this.timeout = CommandTimeout.forClient(redisson, commandTimeout);
	}

	/**
	 * A manager with this one's client, codec and cache configurations over another of Redisson's managers: for a
	 * {@code CachingProvider} that hands out a manager per URI and class loader, as the JSR-107 TCK asks of one.
	 * @param redissonManager Redisson's manager
	 * @return the manager
	 */
	AzureRedisJCacheManager over(CacheManager redissonManager) {
		return new AzureRedisJCacheManager(redissonManager, this.redisson, this.codec, this.configurations,
				this.timeout);
	}

	/**
	 * Creates a cache with the configuration of {@code azure.redis.cache.caches.<name>} (or the defaults).
	 * @param cacheName the cache name
	 * @return the cache
	 */
	Cache<Object, Object> createConfiguredCache(String cacheName) {
		return createCache(cacheName, this.configurations.apply(cacheName));
	}

	/** @return the values this manager's caches did not store */
	public UncacheableValues uncacheableValues() {
		return this.uncacheableValues;
	}

	@Override
	public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
		return Objects.requireNonNull(wrap(createWithCodec(cacheName, shared(configuration))));
	}

	/**
	 * Redisson's JCache has no setting for its codec (4.6 and 4.7): a new cache reads it from the client's
	 * {@link Config}, the one {@link RedissonClient#getConfig()} returns, and Redisson's manager casts the client to
	 * its final class {@code Redisson}, so no view of the client with another configuration can stand in. The
	 * client's own objects, and Redisson's Spring integrations, read their codec from the copy of that configuration
	 * the client made when it started: the codec is set on the original only while a cache is created, under the
	 * configuration's lock, and restored. Only application code reading {@code getConfig().getCodec()} at that moment
	 * could see it.
	 */
	private <K, V> Cache<K, V> createWithCodec(String cacheName, Configuration<K, V> configuration) {
		Config config = this.redisson.getConfig();
		synchronized (config) {
			Codec clientCodec = config.getCodec();
			config.setCodec(this.codec);
			try {
				return this.delegate.createCache(cacheName, configuration);
			}
			finally {
				config.setCodec(clientCodec);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private <K, V> @Nullable Cache<K, V> wrap(@Nullable Cache<K, V> cache) {
		if (cache == null) {
			return null;
		}
		AzureRedisJCache<?, ?> wrapped = this.caches.compute(cache.getName(),
				(name, existing) -> (existing != null && existing.delegate() == cache) ? existing
						: AzureRedisJCache.storingOrThrowing(cache, this.uncacheableValues, this, this.timeout));
		return (Cache<K, V>) wrapped;
	}

	/**
	 * A cache as Spring's cache abstraction uses it: a value or key that cannot be stored is not cached and the call
	 * succeeds ({@link AzureRedisJCache#skippingUncacheable()}).
	 * @param cacheName the cache name
	 * @param create whether to create the cache, with the configuration of
	 * {@code azure.redis.cache.caches.<name>} or the defaults, if it does not exist
	 * @return the cache, or {@code null} if it does not exist and is not created
	 */
	@Nullable Cache<Object, Object> forSpring(String cacheName, boolean create) {
		Cache<Object, Object> cache = getCache(cacheName);
		if (cache == null && create) {
			createIfAbsent(cacheName);
			cache = getCache(cacheName);
		}
		if (!(cache instanceof AzureRedisJCache<Object, Object> jcache)) {
			return cache;
		}
		AzureRedisJCache<?, ?> view = this.springViews.compute(cacheName,
				(name, existing) -> (existing != null && existing.delegate() == jcache.delegate()) ? existing
						: jcache.skippingUncacheable());
		@SuppressWarnings("unchecked")
		Cache<Object, Object> spring = (Cache<Object, Object>) view;
		return spring;
	}

	@SuppressWarnings("unchecked")
	private <K, V> Configuration<K, V> shared(Configuration<K, V> configuration) {
		if (configuration instanceof RedissonConfiguration<K, V> redissonConfiguration
				&& redissonConfiguration.getRedisson() != null) {
			return configuration;
		}
		return RedissonConfiguration.fromInstance(this.redisson, configuration);
	}

	@Override
	public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
		return wrap(this.delegate.getCache(cacheName, keyType, valueType));
	}

	/**
	 * The cache of a name, whatever its key and value types: JSR-107 1.1 does not have this method check them;
	 * Redisson's does.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
		return (Cache<K, V>) wrap(this.delegate.getCache(cacheName, Object.class, Object.class));
	}

	private synchronized void createIfAbsent(String cacheName) {
		if (this.delegate.getCache(cacheName) == null) {
			createConfiguredCache(cacheName);
		}
	}

	@Override
	public Iterable<String> getCacheNames() {
		if (isClosed()) {
			throw new IllegalStateException("The cache manager is closed");
		}
		return this.delegate.getCacheNames();
	}

	@Override
	public void destroyCache(String cacheName) {
		this.caches.remove(cacheName);
		this.springViews.remove(cacheName);
		this.delegate.destroyCache(cacheName);
	}

	@Override
	public void enableManagement(String cacheName, boolean enabled) {
		this.delegate.enableManagement(cacheName, enabled);
	}

	@Override
	public void enableStatistics(String cacheName, boolean enabled) {
		this.delegate.enableStatistics(cacheName, enabled);
	}

	@Override
	public CachingProvider getCachingProvider() {
		return this.delegate.getCachingProvider();
	}

	@Override
	public URI getURI() {
		return this.delegate.getURI();
	}

	@Override
	public ClassLoader getClassLoader() {
		return this.delegate.getClassLoader();
	}

	@Override
	public Properties getProperties() {
		return this.delegate.getProperties();
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

}
