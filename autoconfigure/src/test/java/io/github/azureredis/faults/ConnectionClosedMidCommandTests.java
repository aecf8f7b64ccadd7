package io.github.azureredis.faults;

import java.time.Duration;

import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.CheckedLoad;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.Load;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server closes connections in the middle of commands, as Azure maintenance does: commands are retried within
 * the call's time ({@code spring.data.redis.timeout}, 3 s by default), so callers see no failure, and never a wrong
 * value.
 */
@Tag("integration")
class ConnectionClosedMidCommandTests {

	@Test
	void serverKillsClientConnectionsUnderLoad() {
		try (RedisServer redis = RedisServer.start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
				.run((context) -> closeUnderLoad(context.getBean(BookService.class), () -> {
					try (RespClient admin = redis.client()) {
						admin.require("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
					}
				}, "CLIENT KILL"));
		}
	}

	@Test
	void azureLikeProxyDropsConnectionsUnderLoad() {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofMinutes(10))) {
			azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.run((context) -> closeUnderLoad(context.getBean(BookService.class),
						azure.redis()::closeAllConnections, "Azure-like maintenance"));
		}
	}

	private static void closeUnderLoad(BookService books, Runnable closeConnections, String kind) {
		Load.Result result;
		try (CheckedLoad load = CheckedLoad.start(books)) {
			for (int round = 0; round < 10; round++) {
				CheckedLoad.sleep(Duration.ofMillis(500));
				closeConnections.run();
			}
			// Calls after the last close, however slow the machine.
			load.awaitCalls(1000, Duration.ofSeconds(60));
			result = load.stop();
		}
		// CheckedLoad already asserted that no value was wrong.
		System.out.printf("%s every 500 ms under load: %s%n", kind, result);
		assertThat(result.calls()).isGreaterThan(1000);
		assertThat(result.failures()).as("failed calls").isEmpty();
		books.find("after-closes");
	}

}
