package io.github.azureredis.jcache;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.CacheManager;

import org.redisson.jcache.JCachingProvider;

/**
 * The {@code CachingProvider} the TCK finds ({@code javax.cache.spi.CachingProvider}): it hands out the starter's
 * {@link AzureRedisJCacheManager}, built by the starter's auto-configuration on the starter's Redisson client
 * ({@link TckApplication}), one per URI and class loader as JSR-107 asks, each over a Redisson manager of this
 * provider, so that {@code getCachingProvider()} and {@code close} behave as the TCK expects.
 */
public class TckCachingProvider extends JCachingProvider {

	private final Map<CacheManager, AzureRedisJCacheManager> managers = new ConcurrentHashMap<>();

	@Override
	public synchronized CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
		this.managers.keySet().removeIf(CacheManager::isClosed);
		CacheManager redissonManager = super.getCacheManager(uri, classLoader, properties);
		return this.managers.computeIfAbsent(redissonManager, TckApplication.jcacheManager()::over);
	}

}
