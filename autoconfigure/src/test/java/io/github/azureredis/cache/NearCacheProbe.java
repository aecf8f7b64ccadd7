package io.github.azureredis.cache;

import java.net.InetSocketAddress;

import org.springframework.context.ApplicationContext;

/**
 * What tests in other packages may ask of an application's near cache.
 */
public final class NearCacheProbe {

	private NearCacheProbe() {
	}

	/**
	 * Whether the near cache serves local copies for every node.
	 * @param context the application
	 * @return {@code true} once every invalidation channel was proven alive
	 */
	public static boolean isReady(ApplicationContext context) {
		return context.getBean(AzureRedisCacheManager.class).isNearCacheReady();
	}

	/**
	 * Whether the near cache holds a local copy of an entry.
	 * @param context the application
	 * @param cacheName the cache
	 * @param key the entry's key in Redis ({@code <cache>::<key>})
	 * @return {@code true} if a copy is held
	 */
	public static boolean holds(ApplicationContext context, String cacheName, String key) {
		NearCache nearCache = context.getBean(AzureRedisCacheManager.class).nearCache();
		return nearCache != null && nearCache.holds(cacheName, key);
	}

	/**
	 * The local copies of a cache, served or not.
	 * @param context the application
	 * @param cacheName the cache
	 * @return how many copies it holds
	 */
	public static long localCopies(ApplicationContext context, String cacheName) {
		NearCache nearCache = context.getBean(AzureRedisCacheManager.class).nearCache();
		return (nearCache != null) ? nearCache.size(cacheName) : 0;
	}

	/**
	 * Tells the near cache that a connection to a node closed, as the client's connection events do.
	 * @param context the application
	 * @param address the address of the node
	 */
	public static void connectionLost(ApplicationContext context, InetSocketAddress address) {
		NearCache nearCache = context.getBean(AzureRedisCacheManager.class).nearCache();
		if (nearCache != null) {
			nearCache.disconnected(address);
		}
	}

}
