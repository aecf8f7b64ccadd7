package io.github.azureredis.jcache;

import io.github.azureredis.testsupport.RedisServer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application with the starter and its JCache manager on a real redis-server, started once for the TCK's JVM and
 * stopped when it exits. The TCK's own classes (its {@code domain} package and {@code org.jsr107.tck}) are allowed
 * as an application allows its packages.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TckApplication {

	private static AzureRedisJCacheManager manager;

	static synchronized AzureRedisJCacheManager jcacheManager() {
		if (manager == null) {
			RedisServer redis = RedisServer.start();
			ConfigurableApplicationContext context = new SpringApplicationBuilder(TckApplication.class)
				.web(WebApplicationType.NONE)
				.properties("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
						"azure.redis.jcache.enabled=true",
						"azure.redis.cache.allowed-packages=domain,org.jsr107.tck")
				.run();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				context.close();
				redis.close();
			}, "tck-shutdown"));
			manager = context.getBean(AzureRedisJCacheManager.class);
		}
		return manager;
	}

}
