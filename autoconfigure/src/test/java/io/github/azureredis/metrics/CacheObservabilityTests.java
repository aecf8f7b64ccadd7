package io.github.azureredis.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cache meters, the Actuator caches endpoint and the Redis health check, on the starter's client.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
@ExtendWith(OutputCaptureExtension.class)
class CacheObservabilityTests {

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(CacheMetricsAutoConfiguration.class,
				AzureRedisMetricsAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"spring.cache.redis.enable-statistics=true", "spring.cache.cache-names=books");

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void metersCountHitsMissesAndPuts() {
		this.runner.run((context) -> {
			BookService books = context.getBean(BookService.class);
			for (int i = 0; i < 7; i++) {
				books.find("hit-" + (i % 3));
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// 3 distinct keys: 3 misses, 4 hits.
			assertThat(counter(registry, "cache.gets", "books", "result", "hit")).isEqualTo(4);
			assertThat(counter(registry, "cache.gets", "books", "result", "miss")).isEqualTo(3);
			assertThat(registry.get("cache.puts").tag("cache", "books").functionCounter().count()).isEqualTo(3);
			books.evict("hit-0");
			// Spring Boot names removals by @CacheEvict "cache.removals" for Redis caches.
			assertThat(registry.get("cache.removals").tag("cache", "books").functionCounter().count()).isEqualTo(1);
		});
	}

	/** A cache that exists at start-up is bound once, by Spring Boot: Micrometer warns of a second registration. */
	@Test
	void aCacheOfStartUpIsBoundOnce(CapturedOutput output) {
		this.runner.run((context) -> {
			context.getBean(BookService.class).find("once");
			assertThat(counter(context.getBean(MeterRegistry.class), "cache.gets", "books", "result", "miss"))
				.isEqualTo(1);
		});
		assertThat(output.getAll()).doesNotContain("has been already registered");
	}

	@Test
	void cachesCreatedAfterStartUpHaveMetersToo() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("cache.gets").tag("cache", "created-later").meters()).isEmpty();
			Cache cache = context.getBean(CacheManager.class).getCache("created-later");
			cache.get("absent");
			cache.put("present", "value");
			cache.get("present");
			assertThat(counter(registry, "cache.gets", "created-later", "result", "miss")).isEqualTo(1);
			assertThat(counter(registry, "cache.gets", "created-later", "result", "hit")).isEqualTo(1);
			assertThat(registry.get("cache.gets").tag("cache", "created-later").tag("cache.manager", "cacheManager").meters())
				.isNotEmpty();
		});
	}

	/**
	 * Spring's cache manager may create a missing cache on several threads at once and keeps one: meters are bound
	 * to the one kept, once.
	 */
	@Test
	void aCacheFirstUsedByManyThreadsAtOnceIsBoundOnceToTheInstanceKept(CapturedOutput output) {
		this.runner.run((context) -> {
			CacheManager cacheManager = context.getBean(CacheManager.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (int round = 0; round < 5; round++) {
				String name = "raced-" + round;
				CyclicBarrier start = new CyclicBarrier(16);
				ExecutorService threads = Executors.newFixedThreadPool(16);
				try {
					List<Future<Cache>> caches = new ArrayList<>();
					for (int i = 0; i < 16; i++) {
						caches.add(threads.submit(() -> {
							start.await();
							return cacheManager.getCache(name);
						}));
					}
					Cache kept = caches.get(0).get();
					for (Future<Cache> cache : caches) {
						assertThat(cache.get()).isSameAs(kept);
					}
					kept.get("absent");
					assertThat(counter(registry, "cache.gets", name, "result", "miss")).as(name).isEqualTo(1);
				}
				finally {
					threads.shutdownNow();
				}
			}
		});
		assertThat(output.getAll()).doesNotContain("has been already registered");
	}

	@Test
	void cachesEndpointListsAndClearsTheCaches() {
		this.runner.run((context) -> {
			context.getBean(BookService.class).find("endpoint");
			CachesEndpoint endpoint = new CachesEndpoint(Map.of("cacheManager", context.getBean(CacheManager.class)));
			assertThat(endpoint.caches().getCacheManagers().get("cacheManager").getCaches()).containsKey("books");
			try (RespClient client = redis.client()) {
				// The fill after a miss is not awaited by the caller.
				await().atMost(Duration.ofSeconds(5)).until(() -> client.integer("EXISTS", "books::endpoint") == 1);
				assertThat(endpoint.clearCache("books", null)).isTrue();
				assertThat(client.integer("EXISTS", "books::endpoint")).isZero();
			}
		});
	}

	@Test
	void redisHealthGoesThroughTheStartersClient() {
		this.runner.run((context) -> {
			Health health = new DataRedisHealthIndicator(context.getBean(RedisConnectionFactory.class)).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsKey("version");
		});
	}

	private static double counter(MeterRegistry registry, String name, String cache, String tag, String value) {
		return registry.get(name).tag("cache", cache).tag(tag, value).functionCounter().count();
	}

}
