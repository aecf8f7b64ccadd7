package io.github.azureredis.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledFuture;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A {@link TaskScheduler} on virtual time: tasks run on the test's thread when the test advances the clock past
 * their time, so that schedules are tested without sleeping.
 */
public final class ManualTaskScheduler implements TaskScheduler {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>(
			Comparator.comparing(Task::at).thenComparingLong(Task::sequence));

	private Instant now;

	private long sequence;

	public ManualTaskScheduler(Instant start) {
		this.now = start;
	}

	@Override
	public Clock getClock() {
		return new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return ManualTaskScheduler.this.now;
			}

		};
	}

	/** @return the virtual time */
	public Instant now() {
		return this.now;
	}

	/**
	 * Moves time forward, running every task that falls due, in order, at its own time.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		Instant end = this.now.plus(duration);
		while (!this.tasks.isEmpty() && !this.tasks.peek().at().isAfter(end)) {
			Task task = this.tasks.poll();
			if (task.at().isAfter(this.now)) {
				this.now = task.at();
			}
			task.runnable().run();
		}
		this.now = end;
	}

	/** @return when the next task is due, or {@code null} */
	public Instant nextTaskAt() {
		Task next = this.tasks.peek();
		return (next != null) ? next.at() : null;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		this.tasks.add(new Task(startTime, this.sequence++, task));
		return null;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		throw new UnsupportedOperationException();
	}

	private record Task(Instant at, long sequence, Runnable runnable) {
	}

}
