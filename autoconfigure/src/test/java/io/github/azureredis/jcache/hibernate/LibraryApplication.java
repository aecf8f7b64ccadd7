package io.github.azureredis.jcache.hibernate;

import org.hibernate.cache.jcache.ConfigSettings;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application with Hibernate ORM's second-level cache on the starter's JCache manager, set up as Spring Boot's
 * reference documentation does ("Hibernate Second-Level Caching").
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@AutoConfigurationPackage
public class LibraryApplication {

	@Bean
	HibernatePropertiesCustomizer hibernateSecondLevelCacheCustomizer(JCacheCacheManager cacheManager) {
		return (properties) -> properties.put(ConfigSettings.CACHE_MANAGER, cacheManager.getCacheManager());
	}

}
