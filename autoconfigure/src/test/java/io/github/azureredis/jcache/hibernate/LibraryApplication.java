package io.github.azureredis.jcache.hibernate;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/**
 * An application with Hibernate ORM's second-level cache: entities marked for caching, hibernate-jcache on the class
 * path, and nothing else: the starter hands Hibernate its JCache manager.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@AutoConfigurationPackage
public class LibraryApplication {

}
