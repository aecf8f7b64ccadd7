package io.github.azureredis.support;

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application with caching enabled and one cached service.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class CachingConfiguration {

	@Bean
	BookService bookService() {
		return new BookService();
	}

}
