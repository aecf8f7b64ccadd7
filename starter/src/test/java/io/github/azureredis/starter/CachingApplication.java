package io.github.azureredis.starter;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * An application that depends on the starter alone, run in its own JVM with the starter's runtime classpath: it
 * starts (fetching its first token through whatever credential its arguments and environment name), writes and
 * reads a cache entry, prints {@value #SUCCESS} and exits.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
public class CachingApplication {

	static final String SUCCESS = "CACHE ROUND TRIP OK";

	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CachingApplication.class)
			.web(WebApplicationType.NONE)
			.run(args)) {
			Cache cache = context.getBean(CacheManager.class).getCache("credential-check");
			String value = "written at " + System.nanoTime();
			cache.put("key", value);
			String read = cache.get("key", String.class);
			if (!value.equals(read)) {
				throw new IllegalStateException("Read back " + read + " instead of " + value);
			}
			System.out.println(SUCCESS);
		}
	}

}
