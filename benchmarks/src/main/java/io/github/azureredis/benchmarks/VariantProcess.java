package io.github.azureredis.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

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
		}
	}

}
