package io.github.azureredis.jcache.hibernate;

import org.hibernate.cache.jcache.ConfigSettings;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hibernate's second-level cache handed the JCache manager as Spring Boot's reference documentation has an
 * application do it ("Hibernate Second-Level Caching").
 */
@Configuration(proxyBeanMethods = false)
public class ReferenceSetup {

	@Bean
	HibernatePropertiesCustomizer hibernateSecondLevelCacheCustomizer(JCacheCacheManager cacheManager) {
		return (properties) -> properties.put(ConfigSettings.CACHE_MANAGER, cacheManager.getCacheManager());
	}

}
