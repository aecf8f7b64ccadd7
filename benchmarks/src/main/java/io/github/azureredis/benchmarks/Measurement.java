package io.github.azureredis.benchmarks;

import java.util.Locale;

/**
 * One measured run of a variant in a scenario at a number of threads.
 *
 * @param variant the variant
 * @param scenario the scenario
 * @param threads caller threads
 * @param opsPerSecond calls per second
 * @param p50Micros median latency in microseconds
 * @param p99Micros 99th percentile latency in microseconds
 * @param errors failed calls
 */
record Measurement(String variant, String scenario, int threads, double opsPerSecond, double p50Micros,
		double p99Micros, long errors) {

	private static final String PREFIX = "MEASUREMENT ";

	String toLine() {
		return String.format(Locale.ROOT, "%s%s %s %d %.1f %.1f %.1f %d", PREFIX, this.variant, this.scenario, this.threads,
				this.opsPerSecond, this.p50Micros, this.p99Micros, this.errors);
	}

	static Measurement parse(String line) {
		String[] parts = line.substring(PREFIX.length()).trim().split(" ");
		return new Measurement(parts[0], parts[1], Integer.parseInt(parts[2]), Double.parseDouble(parts[3]),
				Double.parseDouble(parts[4]), Double.parseDouble(parts[5]), Long.parseLong(parts[6]));
	}

	static boolean isMeasurement(String line) {
		return line.startsWith(PREFIX);
	}

}
