package io.github.azureredis.cache;

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

}
