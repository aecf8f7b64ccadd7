package io.github.azureredis.jcache;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains the start-up failure of an application whose Hibernate ORM second-level cache (hibernate-jcache) found no
 * JCache manager of the starter: hibernate-jcache then takes {@code javax.cache.Caching}'s default provider, which is
 * Redisson's, without a configuration, and Redisson's manager refuses to create a cache with a message that names
 * neither Hibernate nor what to set.
 *
 * @author Azure Redis Cache contributors
 */
class HibernateWithoutJCacheFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

	private static final String REDISSON_MANAGER = "org.redisson.jcache.JCacheManager";

	private static final String HIBERNATE_JCACHE = "org.hibernate.cache.jcache.";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
		if (!createdByRedissonForHibernate(cause)) {
			return null;
		}
		return new FailureAnalysis("Hibernate's second-level cache (hibernate-jcache) asked JCache for a cache, and found "
				+ "Redisson's JCache provider without a configuration: the starter's JCache manager, which uses the "
				+ "starter's Redis connection and credentials, is not turned on.",
				"Turn on the starter's JCache manager: set spring.cache.type=jcache (Spring's caches then use JCache "
						+ "too) or azure.redis.jcache.enabled=true (JCache beside the starter's Redis cache). The starter "
						+ "then hands it to Hibernate. Or turn Hibernate's second-level cache off "
						+ "(spring.jpa.properties.hibernate.cache.use_second_level_cache=false).",
				cause);
	}

	private static boolean createdByRedissonForHibernate(IllegalStateException cause) {
		StackTraceElement[] frames = cause.getStackTrace();
		if (frames.length == 0 || !REDISSON_MANAGER.equals(frames[0].getClassName())) {
			return false;
		}
		for (StackTraceElement frame : frames) {
			if (frame.getClassName().startsWith(HIBERNATE_JCACHE)) {
				return true;
			}
		}
		return false;
	}

}
