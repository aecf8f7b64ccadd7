package io.github.azureredis.jcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.azureredis.cache.AzureRedisCacheProperties;
import io.github.azureredis.cache.FailOpenCacheErrorHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.Cache;
import org.springframework.cache.jcache.JCacheCache;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * Spring's {@link JCacheCacheManager} over the starter's {@link AzureRedisJCacheManager}, as Spring Boot sets it up
 * with {@code spring.cache.type=jcache}, with what Spring's cache abstraction needs and JSR-107's manager must not
 * do: a cache that does not exist is created on first use unless {@code azure.redis.cache.dynamic=false}, and a value
 * that cannot be stored is not cached, the call succeeding ({@link AzureRedisJCache#skippingUncacheable()}).
 * {@link #getCacheManager()}, which Spring Boot's reference documentation hands to Hibernate ORM, is a JCache manager
 * with JSR-107's contract and the same leniency for values that cannot be stored ({@link SpringFacingJCacheManager}).
 *
 * @author Azure Redis Cache contributors
 */
final class JCacheSpringCacheManager extends JCacheCacheManager {

	private static final Logger logger = LoggerFactory.getLogger(JCacheSpringCacheManager.class);

	private final AzureRedisJCacheManager jcache;

	private final boolean dynamic;

	JCacheSpringCacheManager(AzureRedisJCacheManager jcache, boolean dynamic,
			@Nullable FailOpenCacheErrorHandler failOpen) {
		super(new SpringFacingJCacheManager(jcache, failOpen));
		this.jcache = jcache;
		this.dynamic = dynamic;
	}

	/**
	 * Warns when a near cache is configured: Spring's caches go through JCache with {@code spring.cache.type=jcache},
	 * and JCache caches keep no local copies.
	 * @param properties the cache properties
	 */
	static void warnOfNearCache(AzureRedisCacheProperties properties) {
		List<String> configured = new ArrayList<>();
		if (properties.getNearCache().isEnabled()) {
			configured.add("azure.redis.cache.near-cache.enabled=true");
		}
		properties.getCaches().forEach((name, spec) -> {
			if (Boolean.TRUE.equals(spec.getNearCache())) {
				configured.add("azure.redis.cache.caches." + name + ".near-cache=true");
			}
		});
		if (!configured.isEmpty()) {
			logger.warn("A near cache is configured ({}), but spring.cache.type=jcache: Spring's caches go through "
					+ "JCache, which keeps no local copies. Remove spring.cache.type=jcache to use the starter's Redis "
					+ "cache, with its near cache (azure.redis.jcache.enabled=true keeps a JCache manager beside it), "
					+ "or remove the near-cache settings.", String.join(", ", configured));
		}
	}

	@Override
	protected Collection<Cache> loadCaches() {
		List<Cache> caches = new ArrayList<>();
		for (String name : this.jcache.getCacheNames()) {
			javax.cache.Cache<Object, Object> cache = this.jcache.forSpring(name, false);
			if (cache != null) {
				caches.add(new JCacheCache(cache, isAllowNullValues()));
			}
		}
		return caches;
	}

	@Override
	protected @Nullable Cache getMissingCache(String name) {
		javax.cache.Cache<Object, Object> cache = this.jcache.forSpring(name, this.dynamic);
		return (cache != null) ? new JCacheCache(cache, isAllowNullValues()) : null;
	}

}
