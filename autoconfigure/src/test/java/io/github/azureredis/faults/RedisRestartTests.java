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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stops under load and starts again on the same port 2 s later: with the default settings (a 3 s
 * {@code spring.data.redis.timeout}, five retries) every call rides through the restart, and the connections come back
 * with a current token where Entra ID is used.
 */
@Tag("integration")
class RedisRestartTests {

	private static final Duration OUTAGE = Duration.ofSeconds(2);

	/** Reconnection attempts back off up to azure.redis.client.reconnection-max-delay (2 s) after the restart. */
	private static final Duration RECOVERY = Duration.ofSeconds(5);

	/** Calls in each phase, whatever the machine's speed. */
	private static final long CALLS = 1000;

	/** The longest a phase may take to make its calls. */
	private static final Duration PHASE = Duration.ofSeconds(60);

	@Test
	void plainRedisRestartUnderLoad() {
		try (RedisServer redis = RedisServer.start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
				.run((context) -> restartUnderLoad(context.getBean(BookService.class), redis::stop,
						redis::startProcess, "plain"));
		}
	}

	@Test
	void azureLikeRedisRestartUnderLoadReconnectsWithACurrentToken() {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofMinutes(10))) {
			azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.run((context) -> {
					int acceptedBefore = azure.redis().acceptedAuthentications();
					restartUnderLoad(context.getBean(BookService.class), azure.redis().backend()::stop,
							azure.redis().backend()::startProcess, "Azure-like");
					assertThat(azure.redis().acceptedAuthentications()).as("reconnected connections authenticated")
						.isGreaterThan(acceptedBefore);
					assertThat(azure.redis().rejectedAuthentications()).isZero();
				});
		}
	}

	private static void restartUnderLoad(BookService books, Runnable stop, Runnable start, String kind) {
		try (CheckedLoad load = CheckedLoad.start(books)) {
			load.awaitCalls(CALLS, PHASE);
			Instant stopped = Instant.now();
			stop.run();
			// The outage itself.
			CheckedLoad.sleep(OUTAGE);
			start.run();
			Instant started = Instant.now();
			// Calls over the whole time the client may take to reconnect, then more once it surely has.
			CheckedLoad.sleep(RECOVERY);
			load.awaitCalls(CALLS, PHASE);
			Load.Result result = load.stop();
			Load.Failure last = result.lastFailure();
			System.out.printf("%s Redis restart under load: %s; outage %d ms%s%n", kind, result,
					Duration.between(stopped, started).toMillis(), (last != null) ? "; last failed call made "
							+ Duration.between(stopped, last.calledAt()).toMillis() + " ms after the stop" : "");
			assertThat(result.failures()).as("failed calls").isEmpty();
		}
		books.find("after-restart");
	}

}
