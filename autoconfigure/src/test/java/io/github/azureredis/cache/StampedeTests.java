package io.github.azureredis.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.SlowService;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty threads miss the same key at once. Without {@code sync = true} every one of them computes the value, as
 * with any Spring cache; with it, one computes and the others wait for its result.
 */
class StampedeTests {

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withBean(SlowService.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void withoutSyncEveryThreadComputes() {
		this.runner.run((context) -> {
			SlowService service = context.getBean(SlowService.class);
			List<String> results = stampede(50, () -> service.report("plain"));
			assertThat(results).hasSize(50).containsOnly("Report plain");
			assertThat(service.calls()).isGreaterThan(1);
			System.out.printf("Stampede without sync: %d computations for 50 concurrent misses%n", service.calls());
		});
	}

	@Test
	void withSyncOneThreadComputesAndTheOthersWait() {
		this.runner.run((context) -> {
			SlowService service = context.getBean(SlowService.class);
			List<String> results = stampede(50, () -> service.reportSynchronized("synced"));
			assertThat(results).hasSize(50).containsOnly("Report synced");
			assertThat(service.calls()).isEqualTo(1);
		});
	}

	@Test
	void aFailureOfTheComputingThreadReachesTheWaitingOnesAndIsNotCached() {
		this.runner.run((context) -> {
			AzureRedisCacheManager cacheManager = context.getBean(AzureRedisCacheManager.class);
			Cache cache = cacheManager.getCache("failing");
			List<Object> outcomes = stampede(10, () -> {
				try {
					return cache.get("k", () -> {
						Thread.sleep(200);
						throw new IllegalStateException("backend down");
					});
				}
				catch (RuntimeException ex) {
					return ex.getClass().getSimpleName();
				}
			});
			assertThat(outcomes).containsOnly("ValueRetrievalException");
			assertThat(cache.get("k")).isNull();
		});
	}

	private static <T> List<T> stampede(int threads, Callable<T> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
