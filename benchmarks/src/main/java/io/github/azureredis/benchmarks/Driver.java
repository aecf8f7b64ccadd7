package io.github.azureredis.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Runs calls from several threads for a while, recording the latency of each call in an HdrHistogram.
 */
final class Driver {

	private Driver() {
	}

	/** One call; {@code sequence} is unique per call. */
	@FunctionalInterface
	interface Call {

		void run(long sequence) throws Exception;

	}

	record Result(long calls, long errors, Histogram latencies, Duration elapsed) {

		double opsPerSecond() {
			return this.calls / (this.elapsed.toNanos() / 1e9);
		}

	}

	static Result run(int threads, Duration duration, Call call) {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong errors = new AtomicLong();
		AtomicLong sequence = new AtomicLong();
		List<Histogram> histograms = new ArrayList<>();
		List<Thread> workers = new ArrayList<>();
		long[] counts = new long[threads];
		for (int t = 0; t < threads; t++) {
			Histogram histogram = new Histogram(60_000_000_000L, 3);
			histograms.add(histogram);
			int index = t;
			Thread worker = new Thread(() -> {
				long calls = 0;
				while (!stop.get()) {
					long start = System.nanoTime();
					try {
						call.run(sequence.getAndIncrement());
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
					histogram.recordValue(System.nanoTime() - start);
					calls++;
				}
				counts[index] = calls;
			}, "benchmark-" + t);
			workers.add(worker);
		}
		long begin = System.nanoTime();
		workers.forEach(Thread::start);
		sleep(duration);
		stop.set(true);
		for (Thread worker : workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
		Histogram all = new Histogram(60_000_000_000L, 3);
		histograms.forEach(all::add);
		long calls = 0;
		for (long count : counts) {
			calls += count;
		}
		return new Result(calls, errors.get(), all, elapsed);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
