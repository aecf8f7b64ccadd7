package io.github.azureredis.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Runs one variant in its own JVM: opens it, warms it up, measures each scenario at each thread count and prints
 * one {@link Measurement} line per measurement. The parent process compares the lines of all variants.
 */
public final class VariantProcess {

	private static final int KEYS = 1000;

	private VariantProcess() {
	}

	public static void main(String[] args) {
		String spec = args[0];
		String host = args[1];
		int port = Integer.parseInt(args[2]);
		List<Integer> threadCounts = Arrays.stream(args[3].split(",")).map(Integer::parseInt).toList();
		Duration measure = Duration.ofSeconds(Long.parseLong(args[4]));
		Duration warmup = Duration.ofSeconds(Long.parseLong(args[5]));
		List<Scenario> scenarios = Arrays.stream(args[6].split(",")).map(Scenario::valueOf).toList();
		String run = Long.toString(System.nanoTime(), 36);
		try (Subject subject = Variant.open(spec, host, port)) {
			for (int i = 0; i < KEYS; i++) {
				subject.read("hit-" + i);
			}
			Driver.run(8, warmup, (sequence) -> call(subject, Scenario.HIT, run, sequence));
			Driver.run(8, warmup.dividedBy(3), (sequence) -> call(subject, Scenario.MISS, run + "w", sequence));
			for (Scenario scenario : scenarios) {
				if (scenario == Scenario.LARGE_READ || scenario == Scenario.LARGE_WRITE) {
					largeValues(subject, spec, scenario, measure, run);
					continue;
				}
				for (int threads : threadCounts) {
					Driver.Result result = Driver.run(threads, measure,
							(sequence) -> call(subject, scenario, run + threads, sequence));
					Measurement measurement = new Measurement(spec, scenario.name(), threads, result.opsPerSecond(),
							result.latencies().getValueAtPercentile(50) / 1000.0,
							result.latencies().getValueAtPercentile(99) / 1000.0, result.errors());
					System.out.println(measurement.toLine());
				}
			}
		}
		System.exit(0);
	}

	/**
	 * Hits at 8 threads while one more thread reads (or writes) a 20 MB value on the same server: what a small read
	 * waits behind a large one. Prints the hits, then the large operations.
	 */
	private static void largeValues(Subject subject, String spec, Scenario scenario, Duration measure, String run) {
		String key = "large-" + run;
		subject.readLarge(key);
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong largeOperations = new AtomicLong();
		AtomicLong largeErrors = new AtomicLong();
		Histogram largeLatencies = new Histogram(60_000_000_000L, 3);
		Thread large = new Thread(() -> {
			while (!stop.get()) {
				long start = System.nanoTime();
				try {
					if (scenario == Scenario.LARGE_READ) {
						subject.readLarge(key);
					}
					else {
						subject.writeLarge(key);
					}
				}
				catch (RuntimeException ex) {
					largeErrors.incrementAndGet();
				}
				largeLatencies.recordValue(System.nanoTime() - start);
				largeOperations.incrementAndGet();
			}
		}, "large-values");
		large.start();
		Driver.Result result = Driver.run(8, measure, (sequence) -> call(subject, Scenario.HIT, run, sequence));
		stop.set(true);
		try {
			large.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		System.out.println(new Measurement(spec, scenario.name(), 8, result.opsPerSecond(),
				result.latencies().getValueAtPercentile(50) / 1000.0,
				result.latencies().getValueAtPercentile(99) / 1000.0, result.errors())
			.toLine());
		System.out.println(new Measurement(spec, scenario.name() + "-20MB", 1,
				largeOperations.get() / (measure.toNanos() / 1e9), largeLatencies.getValueAtPercentile(50) / 1000.0,
				largeLatencies.getValueAtPercentile(99) / 1000.0, largeErrors.get())
			.toLine());
	}

	private static void call(Subject subject, Scenario scenario, String run, long sequence) {
		switch (scenario) {
			case HIT -> {
				String key = "hit-" + ThreadLocalRandom.current().nextInt(KEYS);
				Item item = subject.read(key);
				if (!item.id().equals(key)) {
					throw new IllegalStateException("Wrong value for " + key);
				}
			}
			case MISS -> subject.read("miss-" + run + "-" + sequence);
			case PUT -> subject.write("hit-" + ThreadLocalRandom.current().nextInt(KEYS));
			default -> throw new IllegalArgumentException("Not a single-call scenario: " + scenario);
		}
	}

}
