package io.github.azureredis.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.support.ManualTaskScheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the command timeout is relaxed and restored, on virtual time. The client is created lazily and never connects:
 * only its command executor's settings are read.
 */
class MaintenanceWindowTests {

	private static final Duration MAX_WINDOW = Duration.ofSeconds(60);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(Instant.parse("2026-11-30T16:34:26Z"));

	private final CommandTimeout timeout = new CommandTimeout(Duration.ofSeconds(1));

	private final AtomicInteger reconnects = new AtomicInteger();

	private CompletableFuture<Integer> reconnection = CompletableFuture.completedFuture(4);

	private final Supplier<CompletionStage<Integer>> reconnect = () -> {
		this.reconnects.incrementAndGet();
		return this.reconnection;
	};

	private final MaintenanceWindow window = new MaintenanceWindow(this.timeout, Duration.ofSeconds(10), MAX_WINDOW, this.scheduler,
			this.reconnect);

	@Test
	void startingRelaxesUntilTheFailoverCompletesAndConnectionsAreReconnected() {
		assertThat(this.timeout.current()).isEqualTo(Duration.ofSeconds(1));
		this.window.on(event("NodeMaintenanceScheduled"));
		assertThat(this.timeout.isRelaxed()).isFalse();
		this.window.on(event("NodeMaintenanceStarting"));
		assertThat(this.timeout.current()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.window.state().closesBy()).isEqualTo(this.scheduler.now().plus(MAX_WINDOW));
		this.scheduler.advance(Duration.ofSeconds(20));
		this.window.on(event("NodeMaintenanceStart"));
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(this.timeout.isRelaxed()).isTrue();
		this.reconnection = new CompletableFuture<>();
		this.window.on(event("NodeMaintenanceFailoverComplete"));
		assertThat(this.reconnects).hasValue(1);
		// Still relaxed while connections reconnect: calls on them are retried.
		assertThat(this.timeout.isRelaxed()).isTrue();
		this.reconnection.complete(4);
		assertThat(this.timeout.isRelaxed()).isFalse();
		assertThat(this.timeout.current()).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.window.state().open()).isFalse();
	}

	@Test
	void endedRestoresWithoutReconnecting() {
		this.window.on(event("NodeMaintenanceStart"));
		assertThat(this.timeout.isRelaxed()).isTrue();
		this.window.on(event("NodeMaintenanceEnded"));
		assertThat(this.timeout.isRelaxed()).isFalse();
		assertThat(this.reconnects).hasValue(0);
	}

	@Test
	void aWindowWhoseEndIsLostClosesAfterTheMaximumSinceTheLastNotificationThatOpenedIt() {
		this.window.on(event("NodeMaintenanceStarting"));
		this.scheduler.advance(Duration.ofSeconds(20));
		this.window.on(event("NodeMaintenanceStart"));
		// The first deadline passes: the second notification moved it.
		this.scheduler.advance(Duration.ofSeconds(45));
		assertThat(this.timeout.isRelaxed()).isTrue();
		this.scheduler.advance(Duration.ofSeconds(15));
		assertThat(this.timeout.isRelaxed()).isFalse();
		assertThat(this.window.state().openedAt()).isNull();
	}

	@Test
	void aClosedWindowIsNotClosedAgainByAnOlderDeadline() {
		this.window.on(event("NodeMaintenanceStart"));
		this.window.on(event("NodeMaintenanceEnded"));
		this.scheduler.advance(Duration.ofSeconds(30));
		this.window.on(event("NodeMaintenanceStarting"));
		// The deadline of the first window falls due while the second is open.
		this.scheduler.advance(Duration.ofSeconds(40));
		assertThat(this.timeout.isRelaxed()).isTrue();
	}

	@Test
	void aFailedReconnectionStillRestoresTheTimeout() {
		this.reconnection = CompletableFuture.failedFuture(new IllegalStateException("node down"));
		this.window.on(event("NodeMaintenanceStart"));
		this.window.on(event("NodeMaintenanceFailoverComplete"));
		assertThat(this.timeout.isRelaxed()).isFalse();
	}

	@Test
	void unknownNotificationsChangeNothing() {
		this.window.on(event("NodeMaintenanceRelocating"));
		assertThat(this.timeout.isRelaxed()).isFalse();
		assertThat(this.reconnects).hasValue(0);
	}

	@Test
	void aRelaxedTimeoutShorterThanTheClientsIsTheClients() {
		CommandTimeout shorter = new CommandTimeout(Duration.ofSeconds(1));
		shorter.relax(Duration.ofMillis(200));
		assertThat(shorter.current()).isEqualTo(Duration.ofSeconds(1));
		assertThat(shorter.isRelaxed()).isFalse();
		assertThat(shorter.describe(Duration.ofSeconds(1))).isEqualTo("spring.data.redis.timeout (1000 ms)");
		assertThat(this.timeout.describe(Duration.ofSeconds(10)))
			.isEqualTo("azure.redis.maintenance.relaxed-timeout, in force during an announced maintenance (10000 ms)");
	}

	private AzureRedisMaintenanceEvent event(String type) {
		return AzureRedisEventParser.parse(this, "NotificationType|" + type + "|IsReplica|False|IPAddress|10.0.0.4",
				this.scheduler.now());
	}

}
