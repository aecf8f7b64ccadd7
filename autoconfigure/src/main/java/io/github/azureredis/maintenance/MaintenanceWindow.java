package io.github.azureredis.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.maintenance.AzureRedisMaintenanceEvent.NotificationType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.TaskScheduler;

/**
 * Acts on maintenance notifications:
 * <ul>
 * <li>{@code NodeMaintenanceStarting} and {@code NodeMaintenanceStart} open a window in which cache calls get the
 * relaxed command timeout, so that they wait through the node's brief unavailability instead of failing;</li>
 * <li>{@code NodeMaintenanceFailoverComplete} reconnects the client's connections (so that none stays on the node
 * that was primary) and then closes the window; {@code NodeMaintenanceEnded} closes it;</li>
 * <li>a window closes by itself {@code max-window} after the last notification that opened it, for when the one that
 * ends it is lost (the subscription itself reconnects during a maintenance).</li>
 * </ul>
 *
 * @author Azure Redis Cache contributors
 */
final class MaintenanceWindow {

	private static final Logger logger = LoggerFactory.getLogger(MaintenanceWindow.class);

	private final CommandTimeout timeout;

	private final Duration relaxed;

	private final Duration maxWindow;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final @Nullable Supplier<CompletionStage<Integer>> reconnect;

	private final Object lock = new Object();

	private long generation;

	private @Nullable Instant openedAt;

	private @Nullable Instant closesBy;

	/**
	 * Creates a window.
	 * @param timeout the timeout to relax
	 * @param relaxed the timeout during the window ({@code azure.redis.maintenance.relaxed-timeout})
	 * @param maxWindow the longest a window stays open after the last notification that opened it
	 * @param scheduler closes a window that was not closed by a notification; its clock is the window's
	 * @param reconnect reconnects every connection after a failover and tells how many there were, or {@code null}
	 * when the client moves its connections itself
	 */
	MaintenanceWindow(CommandTimeout timeout, Duration relaxed, Duration maxWindow, TaskScheduler scheduler,
			@Nullable Supplier<CompletionStage<Integer>> reconnect) {
		this.timeout = timeout;
		this.relaxed = relaxed;
		this.maxWindow = maxWindow;
		this.scheduler = scheduler;
		this.clock = scheduler.getClock();
		this.reconnect = reconnect;
	}

	void on(AzureRedisMaintenanceEvent event) {
		NotificationType type = event.getNotificationType();
		switch (type) {
			case NODE_MAINTENANCE_STARTING, NODE_MAINTENANCE_START -> open(event);
			case NODE_MAINTENANCE_FAILOVER_COMPLETE -> afterFailover(event);
			case NODE_MAINTENANCE_ENDED -> close(event + " received");
			default -> {
				// Scheduled: informational, 10 to 15 minutes ahead. Unknown: ignored.
			}
		}
	}

	/** @return the state of the window, for health details */
	State state() {
		synchronized (this.lock) {
			return new State(this.openedAt != null, this.openedAt, this.closesBy, this.timeout.current());
		}
	}

	private void open(AzureRedisMaintenanceEvent event) {
		Instant now = this.clock.instant();
		Instant closesBy = now.plus(this.maxWindow);
		long generation;
		boolean opened;
		synchronized (this.lock) {
			opened = this.openedAt == null;
			if (opened) {
				this.openedAt = now;
			}
			this.closesBy = closesBy;
			generation = ++this.generation;
			this.timeout.relax(this.relaxed);
		}
		this.scheduler.schedule(() -> expire(generation), closesBy);
		if (opened) {
			logger.info("Azure Redis maintenance: {}. Cache calls now wait up to {} ms for Redis "
					+ "(azure.redis.maintenance.relaxed-timeout) instead of {} ms, until the failover completes or "
					+ "{} s have passed.", event, this.timeout.current().toMillis(),
					this.timeout.configured().toMillis(), this.maxWindow.toSeconds());
		}
		else {
			logger.info("Azure Redis maintenance: {}. The relaxed timeout stays until the failover completes or "
					+ "{} s have passed.", event, this.maxWindow.toSeconds());
		}
	}

	private void afterFailover(AzureRedisMaintenanceEvent event) {
		Supplier<CompletionStage<Integer>> reconnect = this.reconnect;
		if (reconnect == null) {
			close(event + " received");
			return;
		}
		long started = System.nanoTime();
		CompletionStage<Integer> reconnected;
		try {
			reconnected = reconnect.get();
		}
		catch (RuntimeException ex) {
			reconnected = CompletableFuture.failedFuture(ex);
		}
		reconnected.whenComplete((count, failure) -> {
			long millis = (System.nanoTime() - started) / 1_000_000;
			if (failure != null) {
				logger.warn("Azure Redis maintenance: {}; reconnecting the client's connections failed after {} ms: "
						+ "{}", event, millis, failure.toString());
				close(event + " received");
			}
			else {
				close(event + " received; " + count + " connections reconnected in " + millis
						+ " ms, so that none stays on the former primary");
			}
		});
	}

	private void expire(long generation) {
		synchronized (this.lock) {
			if (generation != this.generation || this.openedAt == null) {
				return;
			}
		}
		close("no NodeMaintenanceFailoverComplete or NodeMaintenanceEnded within " + this.maxWindow.toSeconds()
				+ " s (azure.redis.maintenance.max-window)");
	}

	private void close(String why) {
		Instant openedAt;
		synchronized (this.lock) {
			openedAt = this.openedAt;
			if (openedAt == null) {
				logger.info("Azure Redis maintenance: {}.", why);
				return;
			}
			this.openedAt = null;
			this.closesBy = null;
			this.generation++;
			this.timeout.restore();
		}
		logger.info("Azure Redis maintenance: {}. Cache calls wait up to {} ms for Redis again "
				+ "(spring.data.redis.timeout); the relaxed timeout was in force for {} ms.", why,
				this.timeout.configured().toMillis(), Duration.between(openedAt, this.clock.instant()).toMillis());
	}

	/**
	 * The state of the window.
	 *
	 * @param open whether cache calls get the relaxed timeout
	 * @param openedAt when the window opened, or {@code null}
	 * @param closesBy when it closes at the latest, or {@code null}
	 * @param commandTimeout the timeout of a call starting now
	 */
	record State(boolean open, @Nullable Instant openedAt, @Nullable Instant closesBy, Duration commandTimeout) {
	}

}
