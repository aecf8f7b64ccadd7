package io.github.azureredis.jcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.azureredis.cache.FailOpenCacheErrorHandler;
import org.jspecify.annotations.Nullable;

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

	private final AzureRedisJCacheManager jcache;

	private final boolean dynamic;

	JCacheSpringCacheManager(AzureRedisJCacheManager jcache, boolean dynamic,
			@Nullable FailOpenCacheErrorHandler failOpen) {
		super(new SpringFacingJCacheManager(jcache, failOpen));
		this.jcache = jcache;
		this.dynamic = dynamic;
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
