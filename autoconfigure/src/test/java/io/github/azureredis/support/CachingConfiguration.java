package io.github.azureredis.support;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application with caching enabled and one cached service, in the package whose classes may be cached as JSON.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
@AutoConfigurationPackage
public class CachingConfiguration {

	@Bean
	BookService bookService() {
		return new BookService();
	}

}
