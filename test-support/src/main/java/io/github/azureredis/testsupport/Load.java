package io.github.azureredis.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Calls an operation from several threads for a while and records what failed and when, so that tests can bound
 * failures to a fault's window.
 */
public final class Load implements AutoCloseable {

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final AtomicLong calls = new AtomicLong();

	private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

	private final List<Thread> threads = new ArrayList<>();

	private final Instant startedAt = Instant.now();

	private Load(int threadCount, Operation operation) {
		for (int t = 0; t < threadCount; t++) {
			int thread = t;
			Thread worker = new Thread(() -> {
				long i = thread;
				while (!this.stopped.get()) {
					Instant calledAt = Instant.now();
					try {
						operation.call(thread, i);
						this.calls.incrementAndGet();
					}
					catch (Throwable ex) {
						this.calls.incrementAndGet();
						this.failures.add(new Failure(calledAt, Instant.now(), ex));
					}
					i += threadCount;
				}
			}, "load-" + t);
			worker.setDaemon(true);
			this.threads.add(worker);
		}
		this.threads.forEach(Thread::start);
	}

	/**
	 * Starts calling the operation from the given number of threads until {@link #stop()}.
	 * @param threads the number of threads
	 * @param operation the operation
	 * @return the running load
	 */
	public static Load start(int threads, Operation operation) {
		return new Load(threads, operation);
	}

	/**
	 * Runs the operation from the given number of threads for the given time.
	 * @param threads the number of threads
	 * @param duration how long
	 * @param operation the operation
	 * @return the result
	 */
	public static Result run(int threads, Duration duration, Operation operation) {
		try (Load load = start(threads, operation)) {
			sleep(duration);
			return load.stop();
		}
	}

	/**
	 * Stops the threads and waits for them.
	 * @return the result
	 */
	public Result stop() {
		this.stopped.set(true);
		for (Thread thread : this.threads) {
			try {
				thread.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return snapshot();
	}

	/** @return what happened so far */
	public Result snapshot() {
		return new Result(this.startedAt, this.calls.get(), List.copyOf(this.failures));
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Sleeps, as tests do between the phases of a fault.
	 * @param duration how long
	 */
	public static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** One call of the load. */
	@FunctionalInterface
	public interface Operation {

		/**
		 * Makes one call.
		 * @param thread the calling thread's number
		 * @param sequence a number unique to this call
		 * @throws Exception on failure
		 */
		void call(int thread, long sequence) throws Exception;

	}

	/**
	 * A failed call.
	 *
	 * @param calledAt when the call was made
	 * @param at when it failed
	 * @param error why
	 */
	public record Failure(Instant calledAt, Instant at, Throwable error) {
	}

	/**
	 * What a load did.
	 *
	 * @param startedAt when it started
	 * @param calls calls made, failed ones included
	 * @param failures the failed calls
	 */
	public record Result(Instant startedAt, long calls, List<Failure> failures) {

		/** @return failed calls */
		public int failureCount() {
			return this.failures.size();
		}

		/** @return the first failure, or {@code null} */
		public @Nullable Failure firstFailure() {
			return this.failures.isEmpty() ? null : Collections.min(this.failures, (a, b) -> a.at().compareTo(b.at()));
		}

		/** @return the last failure, or {@code null} */
		public @Nullable Failure lastFailure() {
			return this.failures.isEmpty() ? null : Collections.max(this.failures, (a, b) -> a.at().compareTo(b.at()));
		}

		/**
		 * Failures after the given instant.
		 * @param instant the instant
		 * @return how many calls failed after it
		 */
		public long failuresAfter(Instant instant) {
			return this.failures.stream().filter((failure) -> failure.at().isAfter(instant)).count();
		}

		@Override
		public String toString() {
			Failure first = firstFailure();
			return "Load[calls=" + this.calls + ", failures=" + this.failures.size()
					+ ((first != null) ? ", first failure at " + first.at() + ": " + first.error() : "") + "]";
		}

	}

}
