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
			warmUp(subject, scenarios, warmup, run);
			for (Scenario scenario : scenarios) {
				if (scenario.needsSpringCache() && !subject.isSpringCache()) {
					System.out.println("No " + scenario + " for " + spec + ": not a Spring cache, no @Cacheable(sync = true)");
					continue;
				}
				if (scenario == Scenario.LARGE_READ || scenario == Scenario.LARGE_WRITE) {
					largeValues(subject, spec, scenario, measure, run);
					continue;
				}
				if (scenario == Scenario.HOT_KEY_EXPIRY) {
					hotKey(subject, spec, run);
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
	 * Runs hits, misses and the {@code sync} scenarios of the run for the whole warm-up each, at 8 threads, on keys
	 * the measurement does not use. Each code path needs its own: on two cores the JIT compiler still competed with a
	 * path warmed for a third of it (misses at 1 thread, measured first, were up to 25 % slower than after 12 s). Not
	 * puts: Lettuce's are not awaited, and the writes a warm-up leaves queued held up its hits measured next (2,610
	 * hits/s at 1 thread instead of about 12,000).
	 */
	private static void warmUp(Subject subject, List<Scenario> scenarios, Duration warmup, String run) {
		Driver.run(8, warmup, (sequence) -> call(subject, Scenario.HIT, run, sequence));
		for (Scenario scenario : List.of(Scenario.MISS, Scenario.SYNC_HIT, Scenario.SYNC_MISS)) {
			boolean wanted = scenario == Scenario.MISS || scenarios.contains(scenario);
			if (wanted && (subject.isSpringCache() || !scenario.needsSpringCache())) {
				Driver.run(8, warmup, (sequence) -> call(subject, scenario, run + "w", sequence));
			}
		}
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

	/**
	 * One hot key of a slow {@code sync} method read by 8 threads for 5 times its time to live, after one time to
	 * live of the same unmeasured. Prints the calls, then their tail (calls that took at least half the method's time,
	 * as "ops/s"; p99.9 as "p50"; the longest as "p99"), then the method's runs (as "ops/s").
	 */
	private static void hotKey(Subject subject, String spec, String run) {
		String key = "hot-" + run;
		Driver.Call read = (sequence) -> requireValueOf(key, subject.query(key));
		Driver.run(8, Catalog.HOT_TIME_TO_LIVE, read);
		long queriesBefore = subject.queries();
		Driver.Result result = Driver.run(8, Catalog.HOT_TIME_TO_LIVE.multipliedBy(5), read);
		long queries = subject.queries() - queriesBefore;
		Histogram latencies = result.latencies();
		String scenario = Scenario.HOT_KEY_EXPIRY.name();
		System.out.println(new Measurement(spec, scenario, 8, result.opsPerSecond(),
				latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
				result.errors())
			.toLine());
		long slow = latencies.getCountBetweenValues(Catalog.QUERY_TIME.toNanos() / 2, latencies.getMaxValue());
		System.out.println(new Measurement(spec, scenario + "-tail", 8, slow,
				latencies.getValueAtPercentile(99.9) / 1000.0, latencies.getMaxValue() / 1000.0, 0)
			.toLine());
		System.out.println(new Measurement(spec, scenario + "-queries", 8, queries, 0, 0, 0).toLine());
	}

	private static void call(Subject subject, Scenario scenario, String run, long sequence) {
		switch (scenario) {
			case HIT -> {
				String key = "hit-" + ThreadLocalRandom.current().nextInt(KEYS);
				requireValueOf(key, subject.read(key));
			}
			case MISS -> subject.read("miss-" + run + "-" + sequence);
			case PUT -> subject.write("hit-" + ThreadLocalRandom.current().nextInt(KEYS));
			case SYNC_HIT -> {
				String key = "hit-" + ThreadLocalRandom.current().nextInt(KEYS);
				requireValueOf(key, subject.readOnce(key));
			}
			case SYNC_MISS -> subject.readOnce("sync-miss-" + run + "-" + sequence);
			default -> throw new IllegalArgumentException("Not a single-call scenario: " + scenario);
		}
	}

	private static void requireValueOf(String key, Item item) {
		if (!item.id().equals(key)) {
			throw new IllegalStateException("Wrong value for " + key);
		}
	}

}
