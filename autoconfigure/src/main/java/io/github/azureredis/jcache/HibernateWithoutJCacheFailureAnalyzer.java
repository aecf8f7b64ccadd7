package io.github.azureredis.jcache;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

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

	private static final String CACHE_OFF = "Or turn Hibernate's second-level cache and its query cache off "
			+ "(spring.jpa.properties.hibernate.cache.use_second_level_cache=false and "
			+ "spring.jpa.properties.hibernate.cache.use_query_cache=false).";

	private final Environment environment;

	HibernateWithoutJCacheFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
		if (!createdByRedissonForHibernate(cause)) {
			return null;
		}
		String description = "Hibernate's second-level cache (hibernate-jcache) asked JCache for a cache, and found "
				+ "Redisson's JCache provider without a configuration: the starter's JCache manager, which uses the "
				+ "starter's Redis connection and credentials, is not turned on";
		if (Boolean.FALSE.equals(Binder.get(this.environment).bind("azure.redis.jcache.enabled", Boolean.class)
			.orElse(null))) {
			return new FailureAnalysis(description + ": azure.redis.jcache.enabled is false.",
					"Remove azure.redis.jcache.enabled=false (with spring.cache.type=jcache), or set it to true: the "
							+ "starter then hands its JCache manager to Hibernate. " + CACHE_OFF,
					cause);
		}
		return new FailureAnalysis(description + ".",
				"Turn on the starter's JCache manager: set spring.cache.type=jcache (Spring's caches then use JCache "
						+ "too) or azure.redis.jcache.enabled=true (JCache beside the starter's Redis cache). The starter "
						+ "then hands it to Hibernate. " + CACHE_OFF,
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
