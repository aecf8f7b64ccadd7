package io.github.azureredis.jcache;

import io.github.azureredis.cache.CacheSettings;
import io.github.azureredis.cache.FailOpenCacheErrorHandler;
import org.hibernate.cache.jcache.ConfigSettings;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Hibernate ORM's second-level cache on the starter's JCache manager, when the application has
 * {@code hibernate-jcache} and the JCache manager ({@code spring.cache.type=jcache} or
 * {@code azure.redis.jcache.enabled=true}): Hibernate is handed the manager as Spring Boot's reference documentation
 * has an application do with a {@link HibernatePropertiesCustomizer} of its own, which still wins where there is one.
 * Without it, hibernate-jcache asks {@code javax.cache.Caching} for its default provider, which is Redisson's without
 * a configuration, and the application does not start.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisJCacheAutoConfiguration.class,
		beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({ HibernatePropertiesCustomizer.class, ConfigSettings.class })
@ConditionalOnBean(AzureRedisJCacheManager.class)
public final class AzureRedisHibernateCacheAutoConfiguration {

	/**
	 * Hands Hibernate the JCache manager as Spring's cache abstraction sees it: an entity that cannot be cached is
	 * not cached, and its transaction succeeds, and with {@code azure.redis.cache.fail-open} a read that fails is a
	 * miss ({@link SpringFacingJCacheManager}). Regions Hibernate does not find
	 * are created without the warning Hibernate's default strategy logs for each.
	 */
	@Bean
	HibernatePropertiesCustomizer azureRedisSecondLevelCacheCustomizer(AzureRedisJCacheManager jCacheManager,
			CacheSettings settings, ObjectProvider<FailOpenCacheErrorHandler> failOpen) {
		SpringFacingJCacheManager forHibernate = new SpringFacingJCacheManager(jCacheManager,
				SpringFacingJCacheManager.failOpen(settings, failOpen));
		return (properties) -> {
			properties.putIfAbsent(ConfigSettings.CACHE_MANAGER, forHibernate);
			properties.putIfAbsent(ConfigSettings.MISSING_CACHE_STRATEGY, "create");
		};
	}

}
