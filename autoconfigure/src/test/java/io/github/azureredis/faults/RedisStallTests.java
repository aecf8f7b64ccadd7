package io.github.azureredis.faults;

import java.time.Duration;
import java.time.Instant;

import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.CheckedLoad;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.Load;
import io.github.azureredis.testsupport.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Redis stops answering but keeps its sockets open: calls fail after the configured timeout (and retries), not
 * after minutes, and the pool serves again when Redis answers, with no wrong value from late replies.
 */
class RedisStallTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	/**
	 * One attempt and one retry, each bounded by the timeout, plus the retry delay; twice, since a read may first
	 * wait for the reads in flight to fail before it leaves in the next batch (azure.redis.cache.batching).
	 */
	private static final Duration WORST_CALL = TIMEOUT.multipliedBy(2).plusMillis(200).multipliedBy(2);

	private static final String[] PROPERTIES = { "spring.data.redis.timeout=" + TIMEOUT.toMillis() + "ms",
			"azure.redis.client.retry-attempts=1", "azure.redis.client.retry-delay=100ms",
			"azure.redis.client.retry-max-delay=200ms" };

	@Test
	void frozenRedisProcess() {
		try (RedisServer redis = RedisServer.start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
				.withPropertyValues(PROPERTIES)
				.run((context) -> stallUnderLoad(context.getBean(BookService.class), redis::pause, redis::resume,
						"frozen redis-server"));
		}
	}

	@Test
	void stalledAzureLikeProxy() {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofMinutes(10))) {
			azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues(PROPERTIES)
				.run((context) -> stallUnderLoad(context.getBean(BookService.class), azure.redis()::pause,
						azure.redis()::resume, "stalled Azure-like proxy"));
		}
	}

	private static void stallUnderLoad(BookService books, Runnable pause, Runnable resume, String kind) {
		for (int i = 0; i < 200; i++) {
			books.find("isbn-" + i);
		}
		try (CheckedLoad load = CheckedLoad.start(books)) {
			CheckedLoad.sleep(Duration.ofSeconds(1));
			Instant paused = Instant.now();
			pause.run();
			// A single call during the stall: how long until it gives up.
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> books.find("isbn-1"));
			Duration stalledCall = Duration.ofNanos(System.nanoTime() - start);
			CheckedLoad.sleep(Duration.ofSeconds(3));
			resume.run();
			Instant resumed = Instant.now();
			CheckedLoad.sleep(Duration.ofSeconds(4));
			Load.Result result = load.stop();
			assertThat(failure).as("a call during the stall fails").isNotNull();
			assertThat(stalledCall).as("time until a stalled call fails").isLessThan(WORST_CALL.plusMillis(500));
			assertThat(result.failureCount()).isPositive();
			CheckedLoad.assertFailuresWithin(result, paused, resumed.plus(WORST_CALL).plusSeconds(1));
			System.out.printf("%s: a call failed after %d ms (%s); %s%n", kind, stalledCall.toMillis(),
					failure.getClass().getSimpleName(), result);
		}
		books.find("after-stall");
	}

}
