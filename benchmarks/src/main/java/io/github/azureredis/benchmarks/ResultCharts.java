package io.github.azureredis.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The charts of a run's medians, one SVG per scenario: throughput and p99 latency per variant and thread count, each
 * bar of throughput marked with its ratio to {@link Variant#BASELINE}.
 */
final class ResultCharts {

	private ResultCharts() {
	}

	/**
	 * @param medians the medians, by {@link CacheBenchmark#key}
	 * @param variants the variants, in the order of the report
	 * @param threads the thread counts
	 * @param scenarios the scenarios
	 * @return SVG documents by scenario name
	 */
	static Map<String, String> of(Map<String, Measurement> medians, List<String> variants, String threads,
			String scenarios) {
		Map<String, String> charts = new LinkedHashMap<>();
		int baseline = variants.indexOf(Variant.BASELINE);
		List<String> threadCounts = List.of(threads.split(","));
		for (String scenario : scenarios.split(",")) {
			if (scenario.equals("FREEZE")) {
				continue;
			}
			if (scenario.equals("STARTUP")) {
				List<String> group = List.of("start-up");
				double[][] seconds = values(medians, variants, group, (variant, ignored) -> variant + " STARTUP 1",
						(m) -> m.p50Micros() / 1e6);
				double[][] firstCall = values(medians, variants, group,
						(variant, ignored) -> variant + " STARTUP-first-call 1", (m) -> m.p50Micros() / 1e6);
				charts.put(scenario, Charts.svg("STARTUP: median seconds (lower is better)", variants,
						List.of(new Charts.Panel("\"Started ... in\", s (ratio to " + Variant.BASELINE + ")", group,
								seconds, Charts.labels(seconds, baseline, ResultCharts::seconds)),
								new Charts.Panel("first cached call returned, s since the JVM started", group,
										firstCall, Charts.labels(firstCall, baseline, ResultCharts::seconds)))));
				continue;
			}
			if (scenario.equals("HOT_KEY_EXPIRY")) {
				List<String> group = List.of("8 threads");
				KeyOf hot = (variant, ignored) -> variant + " HOT_KEY_EXPIRY 8";
				KeyOf tail = (variant, ignored) -> variant + " HOT_KEY_EXPIRY-tail 8";
				double[][] ops = values(medians, variants, group, hot, Measurement::opsPerSecond);
				double[][] p99 = values(medians, variants, group, hot, (m) -> m.p99Micros() / 1000);
				double[][] max = values(medians, variants, group, tail, (m) -> m.p99Micros() / 1000);
				charts.put(scenario, Charts.svg("HOT_KEY_EXPIRY: one hot key of a slow sync method, expiring, medians",
						variants,
						List.of(new Charts.Panel("ops/s (ratio to " + Variant.BASELINE + ")", group, ops,
								Charts.labels(ops, baseline, ResultCharts::rate)),
								new Charts.Panel("p99 latency, ms (lower is better)", group, p99,
										Charts.labels(p99, -1, ResultCharts::millis)),
								new Charts.Panel("longest call, ms (lower is better)", group, max,
										Charts.labels(max, -1, ResultCharts::millis)))));
				continue;
			}
			if (scenario.startsWith("LARGE_")) {
				List<String> group = List.of("8 threads");
				double[][] hits = values(medians, variants, group, (variant, ignored) -> variant + " " + scenario + " 8",
						Measurement::opsPerSecond);
				double[][] large = values(medians, variants, List.of("1 thread"),
						(variant, ignored) -> variant + " " + scenario + "-20MB 1", Measurement::opsPerSecond);
				double[][] p99 = values(medians, variants, group, (variant, ignored) -> variant + " " + scenario + " 8",
						Measurement::p99Micros);
				charts.put(scenario, Charts.svg(scenario + ": small hits beside 20 MB values, medians", variants,
						List.of(new Charts.Panel("small hits/s (ratio)", group, hits,
								Charts.labels(hits, baseline, ResultCharts::rate)),
								new Charts.Panel("20 MB operations/s (ratio)", List.of("1 thread"), large,
										Charts.labels(large, baseline, (v) -> String.format(Locale.ROOT, "%.1f", v))),
								new Charts.Panel("small hits p99, us (lower is better)", group, p99,
										Charts.labels(p99, -1, ResultCharts::micros)))));
				continue;
			}
			double[][] ops = values(medians, variants, threadCounts,
					(variant, count) -> variant + " " + scenario + " " + count, Measurement::opsPerSecond);
			double[][] p99 = values(medians, variants, threadCounts,
					(variant, count) -> variant + " " + scenario + " " + count, Measurement::p99Micros);
			List<String> groups = threadCounts.stream().map((count) -> count + " threads").toList();
			charts.put(scenario, Charts.svg(scenario + ": medians by caller threads", variants,
					List.of(new Charts.Panel("ops/s (ratio to " + Variant.BASELINE + ")", groups, ops,
							Charts.labels(ops, baseline, ResultCharts::rate)),
							new Charts.Panel("p99 latency, us (lower is better)", groups, p99,
									Charts.labels(p99, -1, ResultCharts::micros)))));
		}
		return charts;
	}

	private interface KeyOf {

		String key(String variant, String group);

	}

	private static double[][] values(Map<String, Measurement> medians, List<String> variants, List<String> groups,
			KeyOf key, ToDoubleFunction<Measurement> value) {
		double[][] values = new double[variants.size()][groups.size()];
		for (int v = 0; v < variants.size(); v++) {
			for (int g = 0; g < groups.size(); g++) {
				Measurement m = medians.get(key.key(variants.get(v), groups.get(g)));
				values[v][g] = (m != null) ? value.applyAsDouble(m) : Double.NaN;
			}
		}
		return values;
	}

	private static String rate(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String micros(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String millis(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

	private static String seconds(double value) {
		return String.format(Locale.ROOT, "%.2f s", value);
	}

}
