package io.github.azureredis.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.azureredis.connection.redisson.RedisSilence;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.CheckedLoad;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.Load;
import io.github.azureredis.testsupport.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Redis stops answering but keeps its sockets open: every call fails within the command timeout
 * ({@code spring.data.redis.timeout}, with Redisson's default retries) plus 10 %, with a {@code QueryTimeoutException};
 * once a call ran out of its time, the calls after it fail at once (a PING a second finds out when Redis answers),
 * and with fail-open their methods run at once; the pool serves again as soon as Redis answers, with no wrong value from late replies.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class RedisStallTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	/**
	 * A call fails at its timeout, retries included: its own deadline throws the timeout's exception (which
	 * {@link #assertTimedOut} checks), long before Redisson's attempts (1 + 10 retries, each given half the timeout:
	 * 5.5 s) would have run out. The bound leaves room for how late a thread runs again after its deadline on a
	 * loaded 2-core machine (up to 1.1 s seen at a load average of 16), and still fails a call that waited for
	 * Redisson's retries instead.
	 */
	private static final Duration BOUND = TIMEOUT.multipliedBy(5).dividedBy(2);

	/** How late a call may still fail once Redis answers again: a PING a second finds out that it does. */
	private static final Duration RECOVERY = Duration.ofSeconds(1);

	private static final String[] PROPERTIES = { "spring.data.redis.timeout=" + TIMEOUT.toMillis() + "ms" };

	@Test
	void frozenRedisProcess() {
		try (RedisServer redis = RedisServer.start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
				.withPropertyValues(PROPERTIES)
				.run((context) -> stallUnderLoad(context.getBean(BookService.class), redis::pause, redis::resume,
						"frozen redis-server", false));
		}
	}

	@Test
	void frozenRedisProcessThroughJCache() {
		try (RedisServer redis = RedisServer.start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
						"spring.cache.type=jcache")
				.withPropertyValues(PROPERTIES)
				.run((context) -> stallUnderLoad(context.getBean(BookService.class), redis::pause, redis::resume,
						"frozen redis-server, JCache", true));
		}
	}

	@Test
	void stalledAzureLikeProxy() {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofMinutes(10))) {
			azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues(PROPERTIES)
				.run((context) -> stallUnderLoad(context.getBean(BookService.class), azure.redis()::pause,
						azure.redis()::resume, "stalled Azure-like proxy", false));
		}
	}

	@Test
	void withFailOpenCallsRunTheirMethodAtOnceWhileRedisIsSilent(CapturedOutput output) {
		failOpenDuringAStall(output, "spring.cache.type=redis");
	}

	@Test
	void withFailOpenJCacheCallsRunTheirMethodAtOnceWhileRedisIsSilent(CapturedOutput output) {
		failOpenDuringAStall(output, "spring.cache.type=jcache");
	}

	/**
	 * What fail-open users feel during a stall: a request that reads several caches waited a timeout for each of
	 * them; now only the first call waits, and the ones after it run their methods at once.
	 */
	private static void failOpenDuringAStall(CapturedOutput output, String cacheType) {
		try (RedisServer redis = RedisServer.start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
						"azure.redis.cache.fail-open=true", cacheType)
				.withPropertyValues(PROPERTIES)
				.run((context) -> {
					BookService books = context.getBean(BookService.class);
					RedisSilence silence = context.getBean(RedisSilence.class);
					books.find("isbn-0");
					redis.pause();
					List<Duration> laterCalls = new ArrayList<>();
					try {
						long start = System.nanoTime();
						assertThat(books.find("isbn-0").title()).isEqualTo("Title of isbn-0");
						Duration firstCall = Duration.ofNanos(System.nanoTime() - start);
						assertThat(firstCall).as("the call that finds Redis silent").isBetween(TIMEOUT, BOUND);
						assertThat(silence.isSilent()).isTrue();
						for (int i = 1; i <= 10; i++) {
							long calledAt = System.nanoTime();
							assertThat(books.find("isbn-" + i).title()).isEqualTo("Title of isbn-" + i);
							laterCalls.add(Duration.ofNanos(System.nanoTime() - calledAt));
						}
					}
					finally {
						redis.resume();
					}
					// None waits for Redis; one is allowed a pause of a loaded machine.
					assertThat(laterCalls).as("calls once Redis was found silent")
						.filteredOn((call) -> call.toMillis() < 100)
						.hasSizeGreaterThanOrEqualTo(laterCalls.size() - 1);
					assertThat(output).containsOnlyOnce("Redis has not answered anything for");
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
						books.find("probe");
						assertThat(silence.isSilent()).isFalse();
					});
					assertThat(output).contains("Redis answers again");
					int lookups = books.lookups();
					books.find("after-stall");
					books.find("after-stall");
					assertThat(books.lookups()).as("cached again").isEqualTo(lookups + 1);
					System.out.printf("%s, fail-open: the calls after the first took %s%n", cacheType, laterCalls);
				});
		}
	}

	private static void stallUnderLoad(BookService books, Runnable pause, Runnable resume, String kind,
			boolean throughJCache) {
		for (int i = 0; i < 200; i++) {
			books.find("isbn-" + i);
		}
		// Loads the assertion classes now, so that the timed call below measures the cache, not the class loader.
		assertThat(catchThrowable(() -> books.find("isbn-0"))).isNull();
		try (CheckedLoad load = CheckedLoad.start(books)) {
			load.awaitCalls(1000, Duration.ofSeconds(60));
			Instant paused = Instant.now();
			pause.run();
			// A single call during the stall: how long until it gives up.
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> books.find("isbn-1"));
			Duration stalledCall = Duration.ofNanos(System.nanoTime() - start);
			// Once a call ran out of its time with nothing from Redis since it started, calls fail at once.
			List<Duration> laterCalls = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				long calledAt = System.nanoTime();
				assertTimedOut(catchThrowable(() -> books.find("isbn-2")), throughJCache);
				laterCalls.add(Duration.ofNanos(System.nanoTime() - calledAt));
			}
			// The stall itself: three times the timeout.
			CheckedLoad.sleep(TIMEOUT.multipliedBy(3));
			resume.run();
			Instant resumed = Instant.now();
			// Calls once Redis answers again, past the timeout of those made during the stall.
			CheckedLoad.sleep(TIMEOUT);
			load.awaitCalls(1000, Duration.ofSeconds(60));
			Load.Result result = load.stop();
			assertTimedOut(failure, throughJCache);
			assertThat(stalledCall).as("time until a stalled call fails").isBetween(TIMEOUT, BOUND);
			assertThat(result.failureCount()).isPositive();
			for (Load.Failure failed : result.failures()) {
				assertTimedOut(failed.error(), throughJCache);
				assertThat(Duration.between(failed.calledAt(), failed.at())).as("a failed call's wait")
					.isLessThan(BOUND);
			}
			// The first may still wait, where the call before found Redis slow rather than silent (a reply arrived
			// after it started); the others fail at once.
			assertThat(laterCalls).as("calls after one ran out of time").filteredOn((call) -> call.toMillis() < 100)
				.hasSizeGreaterThanOrEqualTo(laterCalls.size() - 1);
			// Every call made once Redis answers again succeeds, allowing for the first bytes it sends to arrive:
			// until then a call still fails at once, and the PING of each second is the latest to find it answering.
			CheckedLoad.assertFailuresWithin(result, paused, resumed.plus(RECOVERY));
			Load.Failure last = result.lastFailure();
			System.out.printf("%s: a call failed after %d ms (%s), the next ones after %s; %s; last failed call made "
					+ "%d ms after Redis answered again%n", kind, stalledCall.toMillis(),
					failure.getClass().getSimpleName(), laterCalls, result,
					(last != null) ? Duration.between(resumed, last.calledAt()).toMillis() : 0);
		}
		books.find("after-stall");
	}

	/**
	 * The README's promise: a {@code QueryTimeoutException} naming the timeout that ran out, thrown as such by the
	 * Spring cache and as the cause of a {@code javax.cache.CacheException} through JCache.
	 */
	private static void assertTimedOut(Throwable failure, boolean throughJCache) {
		Throwable timeout = failure;
		if (throughJCache) {
			assertThat(failure).as("a call through JCache").isInstanceOf(javax.cache.CacheException.class);
			timeout = failure.getCause();
		}
		assertThat(timeout).as("a call during the stall").isInstanceOf(QueryTimeoutException.class)
			.hasMessageContaining("spring.data.redis.timeout (1000 ms)");
	}

}
