package io.github.azureredis.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.maintenance.AzureRedisMaintenanceEvent.NotificationType;
import io.github.azureredis.health.AzureRedisMaintenanceHealthIndicator;
import io.github.azureredis.metrics.AzureRedisMaintenanceMetrics;
import io.github.azureredis.health.AzureRedisHealthAutoConfiguration;
import io.github.azureredis.metrics.AzureRedisMetricsAutoConfiguration;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.testsupport.AzureLikeRedis;
import io.github.azureredis.testsupport.Load;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An announced maintenance of an Azure-like Redis (TLS, Microsoft Entra ID) under load from eight threads:
 * {@code NodeMaintenanceStarting}, {@code NodeMaintenanceStart}, the node stalls 3 s with its sockets open (three times
 * the 1 s command timeout), closes every connection and answers again, then {@code NodeMaintenanceFailoverComplete}
 * and {@code NodeMaintenanceEnded}. With the maintenance listener on, no call fails: they wait through the stall; off,
 * calls fail with the command timeout. Both runs print their failed calls and latencies.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
@ExtendWith(OutputCaptureExtension.class)
class AzureMaintenanceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final Duration STALL = Duration.ofSeconds(3);

	private static final AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofMinutes(30));

	@AfterAll
	static void stop() {
		azure.close();
	}

	private ApplicationContextRunner runner() {
		return azure.runner()
			.withConfiguration(AutoConfigurations.of(AzureRedisMaintenanceAutoConfiguration.class,
					AzureRedisHealthAutoConfiguration.class, AzureRedisMetricsAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class)
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(EventRecorder.class, EventRecorder::new)
			.withPropertyValues("spring.data.redis.timeout=" + TIMEOUT.toMillis() + "ms");
	}

	@Test
	void callsWaitThroughAnAnnouncedMaintenanceInsteadOfFailing(CapturedOutput output) {
		runner().withPropertyValues("azure.redis.maintenance.enabled=true").run((context) -> {
			Outcome outcome = maintenanceUnderLoad(context, "listener on");
			assertThat(outcome.failures()).as("failed calls: %s", outcome.firstFailure()).isEmpty();
			// Every call waited through the stall, none longer than the relaxed timeout.
			assertThat(outcome.maxDuring()).isGreaterThan(STALL.minusMillis(500)).isLessThan(Duration.ofSeconds(10));
			CommandTimeout timeout = context.getBean(CommandTimeout.class);
			assertThat(timeout.isRelaxed()).isFalse();
			List<NotificationType> received = context.getBean(EventRecorder.class).types();
			assertThat(received).containsSubsequence(NotificationType.NODE_MAINTENANCE_STARTING,
					NotificationType.NODE_MAINTENANCE_START, NotificationType.NODE_MAINTENANCE_FAILOVER_COMPLETE,
					NotificationType.NODE_MAINTENANCE_ENDED);
			assertThat(output).contains("Cache calls now wait up to 10000 ms for Redis")
				.contains("connections reconnected in")
				.contains("Cache calls wait up to 1000 ms for Redis again");
			// What a user sees in the health details and the meters.
			Health health = context.getBean(AzureRedisMaintenanceHealthIndicator.class).health(true);
			assertThat(health.getDetails()).containsEntry("listening", true)
				.containsEntry("subscribed", true)
				.containsEntry("maintenanceWindow", false)
				.containsEntry("commandTimeout", "1000 ms");
			@SuppressWarnings("unchecked")
			Map<String, Long> notifications = (Map<String, Long>) health.getDetails().get("notifications");
			assertThat(notifications).containsEntry("NodeMaintenanceStarting", 1L)
				.containsEntry("NodeMaintenanceFailoverComplete", 1L);
			assertThat((List<?>) health.getDetails().get("recentNotifications")).hasSize(4);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			context.getBean(AzureRedisMaintenanceMetrics.class).bindTo(meters);
			assertThat(meters.get("azure.redis.maintenance.notifications")
				.tag("type", "NodeMaintenanceStart")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(meters.get("azure.redis.command.timeout").timeGauge().value(TimeUnit.MILLISECONDS)).isEqualTo(1000);
		});
	}

	@Test
	void jCacheCallsWaitThroughItToo() {
		runner().withPropertyValues("azure.redis.maintenance.enabled=true", "spring.cache.type=jcache")
			.run((context) -> {
				Outcome outcome = maintenanceUnderLoad(context, "listener on, JCache");
				assertThat(outcome.failures()).as("failed calls: %s", outcome.firstFailure()).isEmpty();
				assertThat(outcome.maxDuring()).isGreaterThan(STALL.minusMillis(500)).isLessThan(Duration.ofSeconds(10));
			});
	}

	@Test
	void withoutTheListenerCallsFailWithTheCommandTimeout() {
		runner().withPropertyValues("azure.redis.maintenance.enabled=false").run((context) -> {
			Outcome outcome = maintenanceUnderLoad(context, "listener off");
			assertThat(outcome.failures()).isNotEmpty();
			for (Load.Failure failure : outcome.failures()) {
				assertThat(failure.error()).isInstanceOf(QueryTimeoutException.class)
					.hasMessageContaining("spring.data.redis.timeout (1000 ms)");
				// At its own deadline (the exception above), long before Redisson's attempts (1 + 10 retries of half
				// the timeout) would have run out.
				assertThat(Duration.between(failure.calledAt(), failure.at()))
					.isLessThan(TIMEOUT.dividedBy(2).multipliedBy(11));
			}
			assertThat(context.getBean(EventRecorder.class).types()).isEmpty();
		});
	}

	@Test
	void theListenerIsOffForHostsOtherThanAzureCacheForRedis() {
		runner().run((context) -> {
			assertThat(context.getBean(AzureRedisMaintenance.class).isEnabled()).isFalse();
			assertThat(azure.redis().publish(AzureLikeRedis.notification("NodeMaintenanceStart", null, false,
					"127.0.0.1", 15001, 13001))).isZero();
			Health health = context.getBean(AzureRedisMaintenanceHealthIndicator.class).health(true);
			assertThat(health.getDetails()).containsEntry("listening", false);
		});
	}

	private static Outcome maintenanceUnderLoad(AssertableApplicationContext context, String label) {
		assertThat(context).hasNotFailed();
		BookService books = context.getBean(BookService.class);
		for (int i = 0; i < 200; i++) {
			books.find("isbn-" + i);
		}
		ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
		AtomicInteger wrong = new AtomicInteger();
		Load load = Load.start(8, (thread, sequence) -> {
			long start = System.nanoTime();
			Instant calledAt = Instant.now();
			try {
				if (sequence % 10 == 0) {
					books.rename("written-" + (sequence % 50), "Title " + sequence);
				}
				else {
					String isbn = "isbn-" + (sequence % 200);
					if (!books.find(isbn).title().equals("Title of " + isbn)) {
						wrong.incrementAndGet();
					}
				}
			}
			finally {
				calls.add(new Call(calledAt, System.nanoTime() - start));
			}
		});
		Load.sleep(Duration.ofSeconds(1));
		AzureLikeRedis.Maintenance maintenance = azure.redis()
			.performMaintenance(Duration.ofMillis(800), STALL, Duration.ofSeconds(1));
		Load.sleep(Duration.ofSeconds(1));
		Load.Result result = load.stop();
		assertThat(wrong).as("wrong values").hasValue(0);
		// The window: from the stall until one second after the node answered again; a call is in it if it was under
		// way at any time in it.
		Instant from = maintenance.stalledAt();
		Instant to = maintenance.resumedAt().plusSeconds(1);
		List<Long> during = new ArrayList<>();
		List<Long> before = new ArrayList<>();
		for (Call call : calls) {
			Instant end = call.calledAt().plusNanos(call.nanos());
			if (!end.isBefore(from) && !call.calledAt().isAfter(to)) {
				during.add(call.nanos());
			}
			else if (end.isBefore(from.minusMillis(800))) {
				before.add(call.nanos());
			}
		}
		long failedDuring = result.failures()
			.stream()
			.filter((failure) -> !failure.calledAt().isBefore(from.minusSeconds(1)))
			.count();
		Outcome outcome = new Outcome(result.failures(), percentile(before, 0.99), percentile(during, 0.99),
				Duration.ofNanos(during.stream().mapToLong(Long::longValue).max().orElse(0)));
		System.out.printf("Maintenance, %s: %d calls, %d failed (%d during the window); p99 before %.1f ms, "
				+ "p99 during the window %.1f ms (%d calls), longest %d ms%n", label, result.calls(),
				result.failureCount(), failedDuring, outcome.p99Before().toNanos() / 1e6,
				outcome.p99During().toNanos() / 1e6, during.size(), outcome.maxDuring().toMillis());
		maintenance.steps().forEach((step) -> System.out.printf("  %s %s%n", step.at(), step.what()));
		return outcome;
	}

	private static Duration percentile(List<Long> nanos, double fraction) {
		if (nanos.isEmpty()) {
			return Duration.ZERO;
		}
		List<Long> sorted = new ArrayList<>(nanos);
		sorted.sort(null);
		return Duration.ofNanos(sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(fraction * sorted.size()) - 1)));
	}

	private record Call(Instant calledAt, long nanos) {
	}

	private record Outcome(List<Load.Failure> failures, Duration p99Before, Duration p99During,
			Duration maxDuring) {

		Object firstFailure() {
			return this.failures.isEmpty() ? "none" : this.failures.get(0).error();
		}

	}

	/** The maintenance events the application received. */
	static class EventRecorder implements ApplicationListener<AzureRedisMaintenanceEvent> {

		private final List<AzureRedisMaintenanceEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(AzureRedisMaintenanceEvent event) {
			this.events.add(event);
		}

		List<NotificationType> types() {
			return this.events.stream().map(AzureRedisMaintenanceEvent::getNotificationType).toList();
		}

	}

}
