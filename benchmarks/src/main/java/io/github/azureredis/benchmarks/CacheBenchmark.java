package io.github.azureredis.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.azureredis.testsupport.LatencyProxy;
import io.github.azureredis.testsupport.RedisCluster;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark: starts its own redis-server, runs every variant in its own JVM, one after the other, for several
 * rounds in rotating order, runs redis-benchmark against the same server, and prints throughput, p50 and p99
 * latency of each variant with its ratio to Spring Boot's RedisCacheManager over Lettuce and to redis-benchmark.
 * Figures are medians over the rounds. Options, as {@code --name=value} in {@code -Dbenchmark.arguments}:
 * <ul>
 * <li>{@code rounds} (3), {@code seconds} per measurement (5), {@code warmup} seconds per scenario (10);</li>
 * <li>{@code threads} (1,8,64), {@code scenarios} (HIT,MISS,PUT);</li>
 * <li>{@code variants}: names separated by {@code ;} (a comma separates the properties of one variant, see
 * {@link Variant}), e.g. {@code starter:azure.redis.client.transport=epoll;starter:azure.redis.client.transport=nio};
 * quote the whole argument in a shell;</li>
 * <li>{@code rtt-micros}: a round trip added by a delaying proxy between clients and Redis (0);</li>
 * <li>{@code rotation}: also measure hit latency around Microsoft Entra ID token rotations (true);</li>
 * <li>scenario {@code FREEZE}: on a 3-master Redis Cluster, one master frozen for 6 s under 16 threads (see
 * {@link FreezeProcess}); scenarios {@code LARGE_READ} and {@code LARGE_WRITE}: hits beside 20 MB values;
 * scenarios {@code SYNC_HIT}, {@code SYNC_MISS} and {@code HOT_KEY_EXPIRY}: {@code @Cacheable(sync = true)} methods,
 * Spring variants only (see {@link Scenario});
 * scenario {@code STARTUP}: each Spring variant's application started {@code startups} (3) times per round in fresh
 * JVMs, alternating ({@link StartupProcess});</li>
 * <li>{@code docs}: a directory (the project's {@code docs}) to write {@code performance.md} and the charts into;
 * without it the charts go to {@code target/benchmark};</li>
 * <li>{@code baseline}: a commit whose starter variants ({@code starter@baseline}, ...) run beside the current ones,
 * built by {@link Baseline}.</li>
 * </ul>
 */
public final class CacheBenchmark {

	private CacheBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
		String seconds = options.getOrDefault("seconds", "5");
		String warmup = options.getOrDefault("warmup", "10");
		String threads = options.getOrDefault("threads", "1,8,64");
		String scenarios = options.getOrDefault("scenarios", "HIT,MISS,PUT");
		List<String> variants = List.of(options.getOrDefault("variants", String.join(";", Variant.DEFAULTS)).split(";"));
		int rttMicros = Integer.parseInt(options.getOrDefault("rtt-micros", "0"));
		boolean rotation = Boolean.parseBoolean(options.getOrDefault("rotation", "true"));
		int startups = Integer.parseInt(options.getOrDefault("startups", "3"));
		Path docs = options.containsKey("docs") ? Path.of(options.get("docs")) : null;
		Baseline baseline = options.containsKey("baseline") ? Baseline.build(options.get("baseline")) : null;
		Machine machine = Machine.now();
		if (baseline == null && variants.stream().anyMatch(Baseline::isBaseline)) {
			throw new IllegalArgumentException("A variant ending in " + Baseline.SUFFIX + " needs --baseline=<commit>");
		}

		System.out.printf("Cache benchmark: %d rounds, %s s per measurement after %s s warm-up, threads %s, "
				+ "scenarios %s, %d processors, round trip added: %d us%s%n", rounds, seconds, warmup, threads, scenarios,
				Runtime.getRuntime().availableProcessors(), rttMicros,
				(baseline != null) ? ", baseline " + baseline.commit() : "");
		List<Measurement> measurements = new ArrayList<>();
		boolean freeze = List.of(scenarios.split(",")).contains("FREEZE");
		boolean startup = List.of(scenarios.split(",")).contains("STARTUP");
		String standaloneScenarios = String.join(",", List.of(scenarios.split(","))
			.stream()
			.filter((scenario) -> !scenario.equals("FREEZE") && !scenario.equals("STARTUP"))
			.toList());
		if (!standaloneScenarios.isEmpty()) {
			measurements.addAll(standalone(rounds, seconds, warmup, threads, standaloneScenarios, variants, rttMicros,
					baseline));
		}
		if (freeze) {
			measurements.addAll(freeze(rounds, variants, baseline));
		}
		if (startup) {
			measurements.addAll(startup(rounds, startups, variants, baseline));
		}
		if (rotation) {
			System.out.printf("%s token rotation latency against the Azure-like Redis%n", Instant.now());
			measurements.addAll(fork(System.getProperty("java.class.path"), RotationProcess.class, "8", "150"));
		}
		String report = report(measurements, variants, threads, scenarios);
		System.out.print(report);
		Map<String, String> charts = ResultCharts.of(medians(measurements), variants, threads, scenarios);
		Path chartDirectory = (docs != null) ? docs.resolve("performance") : Path.of("target", "benchmark");
		Files.createDirectories(chartDirectory);
		for (Map.Entry<String, String> chart : charts.entrySet()) {
			Files.writeString(chartDirectory.resolve(chart.getKey() + ".svg"), chart.getValue());
		}
		System.out.println("Charts: " + chartDirectory.toAbsolutePath());
		if (docs != null) {
			Path page = docs.resolve("performance.md");
			Files.writeString(page, PerformancePage.render(args, machine.finish(), charts.keySet(), report));
			System.out.println("Page: " + page.toAbsolutePath());
		}
	}

	/**
	 * The STARTUP scenario: the same small {@code @Cacheable} application started in a fresh JVM by every Spring
	 * variant, alternating, {@code startups} times per round, against one local Redis.
	 */
	private static List<Measurement> startup(int rounds, int startups, List<String> variants, Baseline baseline) {
		List<Measurement> measurements = new ArrayList<>();
		List<String> springVariants = variants.stream()
			.filter((variant) -> !Variant.name(variant).startsWith("redisson-bucket"))
			.toList();
		try (RedisServer redis = RedisServer.start()) {
			for (int round = 1; round <= rounds; round++) {
				for (int start = 1; start <= startups; start++) {
					List<String> order = new ArrayList<>(springVariants);
					Collections.rotate(order, round + start);
					for (String variant : order) {
						System.out.printf("%s round %d/%d, start %d/%d: %s%n", Instant.now(), round, rounds, start,
								startups, variant);
						String classPath = Baseline.isBaseline(variant)
								? baseline.classPath(System.getProperty("java.class.path"))
								: System.getProperty("java.class.path");
						measurements.addAll(fork(classPath, StartupProcess.class, variant, redis.host(),
								Integer.toString(redis.port())));
					}
				}
			}
		}
		return measurements;
	}

	private static List<Measurement> standalone(int rounds, String seconds, String warmup, String threads,
			String scenarios, List<String> variants, int rttMicros, Baseline baseline) throws IOException {
		List<Measurement> measurements = new ArrayList<>();
		try (RedisServer redis = RedisServer.start()) {
			LatencyProxy proxy = (rttMicros > 0)
					? new LatencyProxy(redis.host(), redis.port(), Duration.ofNanos(rttMicros * 500L)) : null;
			int port = (proxy != null) ? proxy.port() : redis.port();
			Optional<RedisBenchmarkTool> redisBenchmark = RedisBenchmarkTool.find(Path.of("target"));
			for (int round = 1; round <= rounds; round++) {
				List<String> order = new ArrayList<>(variants);
				Collections.rotate(order, round - 1);
				for (String variant : order) {
					flush(redis);
					System.out.printf("%s round %d/%d: %s%n", Instant.now(), round, rounds, variant);
					String classPath = Baseline.isBaseline(variant)
							? baseline.classPath(System.getProperty("java.class.path"))
							: System.getProperty("java.class.path");
					for (String group : processGroups(scenarios)) {
						measurements.addAll(fork(classPath, VariantProcess.class, variant, redis.host(),
								Integer.toString(port), threads, seconds, warmup, group));
					}
				}
				if (redisBenchmark.isPresent()) {
					flush(redis);
					for (String count : threads.split(",")) {
						int clients = Integer.parseInt(count);
						int requests = (clients == 1) ? 60_000 : 400_000;
						measurements.add(redisBenchmark.get().measure(port, "get", clients, requests));
						measurements.add(redisBenchmark.get().measure(port, "set", clients, requests));
					}
				}
			}
			if (variants.contains("starter-near-cache")) {
				flush(redis);
				System.out.printf("%s near cache invalidation across two instances%n", Instant.now());
				measurements.addAll(fork(System.getProperty("java.class.path"), InvalidationProcess.class, redis.host(),
						Integer.toString(port), "2000"));
			}
			if (proxy != null) {
				proxy.close();
			}
		}
		return measurements;
	}

	/**
	 * The scenarios a variant runs in one JVM: the small-value ones together, and each 20 MB scenario in a fresh JVM
	 * of its own, so that what earlier scenarios left on the heap (Spring Data's writer does not wait for its writes:
	 * PUT at 64 threads queues them without a bound) does not decide whether a 20 MB value still fits.
	 */
	static List<String> processGroups(String scenarios) {
		List<String> large = List.of(Scenario.LARGE_READ.name(), Scenario.LARGE_WRITE.name());
		List<String> all = List.of(scenarios.split(","));
		List<String> groups = new ArrayList<>();
		String small = String.join(",", all.stream().filter((scenario) -> !large.contains(scenario)).toList());
		if (!small.isEmpty()) {
			groups.add(small);
		}
		all.stream().filter(large::contains).forEach(groups::add);
		return groups;
	}

	/**
	 * The FREEZE scenario for every Spring variant that can use a cluster, in rotating order each round, on one
	 * 3-master cluster that never declares the frozen node failed (it is slow, not gone) and keeps serving the
	 * other masters' slots meanwhile.
	 */
	private static List<Measurement> freeze(int rounds, List<String> variants, Baseline baseline) {
		List<Measurement> measurements = new ArrayList<>();
		List<String> clusterVariants = variants.stream()
			.filter((variant) -> !Variant.name(variant).startsWith("redisson-"))
			.toList();
		try (RedisCluster cluster = RedisCluster.start(3, 0,
				Map.of("cluster-require-full-coverage", "no", "cluster-node-timeout", "20000"))) {
			RedisCluster.Node frozen = cluster.masters().get(0);
			String nodes = String.join(",", cluster.clientAddresses());
			for (int round = 1; round <= rounds; round++) {
				List<String> order = new ArrayList<>(clusterVariants);
				Collections.rotate(order, round - 1);
				for (String variant : order) {
					cluster.awaitHealthy();
					cluster.flushAll();
					System.out.printf("%s round %d/%d: %s, one of 3 masters frozen for 6 s%n", Instant.now(), round,
							rounds, variant);
					String classPath = Baseline.isBaseline(variant)
							? baseline.classPath(System.getProperty("java.class.path"))
							: System.getProperty("java.class.path");
					measurements.addAll(fork(classPath, FreezeProcess.class, variant, nodes,
							Long.toString(frozen.server().pid()), Integer.toString(frozen.announcedPort()), "6"));
				}
			}
		}
		return measurements;
	}

	private static void flush(RedisServer redis) {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	private static List<Measurement> fork(String classPath, Class<?> main, String... arguments) {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xms768m", "-Xmx768m", "-cp", classPath, main.getName()));
		command.addAll(Arrays.asList(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			List<Measurement> measurements = new ArrayList<>();
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					if (Measurement.isMeasurement(line)) {
						Measurement measurement = Measurement.parse(line);
						System.out.printf(Locale.ROOT, "  %-8s %3d threads %,10.0f ops/s  p50 %7.1f us  p99 %8.1f us  errors %d%n",
								measurement.scenario(), measurement.threads(), measurement.opsPerSecond(),
								measurement.p50Micros(), measurement.p99Micros(), measurement.errors());
						measurements.add(measurement);
					}
					else if (!line.isBlank()) {
						System.out.println("  | " + line);
					}
				}
			}
			if (process.waitFor() != 0) {
				System.out.println("  (process exited with " + process.exitValue() + ")");
			}
			return measurements;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String report(List<Measurement> measurements, List<String> variants, String threads,
			String scenarios) {
		StringWriter text = new StringWriter();
		PrintWriter out = new PrintWriter(text);
		Map<String, Measurement> medians = medians(measurements);
		List<String> columns = new ArrayList<>(variants);
		if (measurements.stream().anyMatch((m) -> m.variant().equals("redis-benchmark"))) {
			columns.add("redis-benchmark");
		}
		out.println();
		out.println("Medians over rounds: ops/s (ratio to " + Variant.BASELINE + ", ratio to redis-benchmark), "
				+ "p50 / p99 latency in microseconds.");
		for (String column : columns) {
			out.println("- " + column + ": " + (column.equals("redis-benchmark")
					? "redis-benchmark GET / SET, 200-byte values, same server" : Variant.describe(column)));
		}
		for (String scenario : scenarios.split(",")) {
			if (scenario.equals("FREEZE") || scenario.equals("STARTUP") || scenario.startsWith("LARGE_")
					|| scenario.equals("HOT_KEY_EXPIRY")) {
				continue;
			}
			out.println();
			out.println("### " + scenario);
			out.println();
			out.println("| threads | " + String.join(" | ", columns) + " |");
			out.println("|---" + "|---".repeat(columns.size()) + "|");
			for (String count : threads.split(",")) {
				StringBuilder row = new StringBuilder("| " + count + " |");
				Measurement baseline = medians.get(key(Variant.BASELINE, scenario, count));
				Measurement redisBenchmark = medians.get(key("redis-benchmark", scenario, count));
				for (String column : columns) {
					Measurement m = medians.get(key(column, scenario, count));
					if (m == null) {
						row.append(" - |");
						continue;
					}
					row.append(String.format(Locale.ROOT, " %,.0f", m.opsPerSecond()));
					List<String> ratios = new ArrayList<>();
					if (baseline != null && !column.equals(Variant.BASELINE) && !column.equals("redis-benchmark")) {
						ratios.add(String.format(Locale.ROOT, "%.2fx", m.opsPerSecond() / baseline.opsPerSecond()));
					}
					if (redisBenchmark != null && !column.equals("redis-benchmark")) {
						ratios.add(String.format(Locale.ROOT, "%.2fx rb", m.opsPerSecond() / redisBenchmark.opsPerSecond()));
					}
					if (!ratios.isEmpty()) {
						row.append(" (").append(String.join(", ", ratios)).append(")");
					}
					row.append(String.format(Locale.ROOT, " %.0f / %.0f us", m.p50Micros(), m.p99Micros()));
					if (m.errors() > 0) {
						row.append(" ").append(m.errors()).append(" errors");
					}
					row.append(" |");
				}
				out.println(row);
			}
		}
		for (String scenario : List.of("LARGE_READ", "LARGE_WRITE")) {
			if (!List.of(scenarios.split(",")).contains(scenario)) {
				continue;
			}
			out.println();
			out.println("### " + scenario + " (8 threads of hits while one thread "
					+ (scenario.equals("LARGE_READ") ? "reads" : "writes") + " a 20 MB value on the same server)");
			out.println();
			out.println("| variant | hits/s | hit p50 / p99 us | hit p99 without large values (HIT, 8 threads) "
					+ "| 20 MB operations/s | 20 MB p50 / p99 ms | errors |");
			out.println("|---|---|---|---|---|---|---|");
			for (String variant : columns) {
				Measurement hits = medians.get(key(variant, scenario, "8"));
				Measurement large = medians.get(key(variant, scenario + "-20MB", "1"));
				Measurement plain = medians.get(key(variant, "HIT", "8"));
				if (hits == null || large == null) {
					continue;
				}
				out.printf(Locale.ROOT, "| %s | %,.0f | %.0f / %.0f | %s | %.1f | %.1f / %.1f | %d |%n", variant,
						hits.opsPerSecond(), hits.p50Micros(), hits.p99Micros(),
						(plain != null) ? String.format(Locale.ROOT, "%.0f us", plain.p99Micros()) : "-",
						large.opsPerSecond(), large.p50Micros() / 1000, large.p99Micros() / 1000,
						hits.errors() + large.errors());
			}
		}
		if (List.of(scenarios.split(",")).contains("HOT_KEY_EXPIRY")) {
			hotKey(out, medians, columns);
		}
		if (List.of(scenarios.split(",")).contains("FREEZE")) {
			out.println();
			out.println("### FREEZE (3-master cluster, one master frozen 6 s, 16 + 4 threads, "
					+ "spring.data.redis.timeout=1s)");
			out.println();
			out.println("| variant | healthy shards p50 / p99 before, ms | healthy shards p50 / p99 during, ms "
					+ "| healthy calls during (failed) | frozen shard calls during (failed), longest wait ms "
					+ "| calls after recovery (failed) |");
			out.println("|---|---|---|---|---|---|");
			for (String variant : columns) {
				Measurement before = medians.get(key(variant, "FREEZE-healthy-before", "16"));
				Measurement during = medians.get(key(variant, "FREEZE-healthy-during", "16"));
				Measurement frozen = medians.get(key(variant, "FREEZE-frozen-during", "16"));
				Measurement after = medians.get(key(variant, "FREEZE-after", "16"));
				if (before == null || during == null || frozen == null || after == null) {
					continue;
				}
				out.printf(Locale.ROOT, "| %s | %.1f / %.1f | %.1f / %.1f | %,.0f (%d) | %,.0f (%d), %.0f | %,.0f (%d) |%n",
						variant, before.p50Micros() / 1000, before.p99Micros() / 1000, during.p50Micros() / 1000,
						during.p99Micros() / 1000, during.opsPerSecond(), during.errors(), frozen.opsPerSecond(),
						frozen.errors(), frozen.p99Micros() / 1000, after.opsPerSecond(), after.errors());
			}
		}
		Measurement invalidation = medians.get(key("starter-near-cache", "INVALIDATION", "1"));
		if (invalidation != null) {
			out.println();
			out.println("### Near cache invalidation (write through one instance until the other reads it)");
			out.println();
			out.printf(Locale.ROOT, "p50 %.0f us, p99 %.0f us over %.0f writes; first reads still stale: %d%n",
					invalidation.p50Micros(), invalidation.p99Micros(), invalidation.opsPerSecond(),
					invalidation.errors());
		}
		Measurement steady = medians.get(key("starter-entra-id", "HIT-steady", "8"));
		Measurement rotating = medians.get(key("starter-entra-id", "HIT-rotation", "8"));
		if (steady != null && rotating != null) {
			out.println();
			out.println("### Token rotation (Azure-like Redis: TLS proxy enforcing 10 s tokens, 8 threads of hits)");
			out.println();
			out.printf(Locale.ROOT, "p99 in the 2 s after a rotation %.0f us, in 2 s midway between rotations %.0f us "
					+ "(medians over the windows): %.2fx; errors %d%n", rotating.p99Micros(),
					steady.p99Micros(), rotating.p99Micros() / steady.p99Micros(), steady.errors() + rotating.errors());
		}
		if (List.of(scenarios.split(",")).contains("STARTUP")) {
			out.println();
			out.println("### STARTUP (the same small @Cacheable application, fresh JVMs, alternated, local Redis)");
			out.println();
			out.println("| variant | \"Started ... in\", median s | ratio to " + Variant.BASELINE
					+ " | \"process running for\", median s | first cached call returned, s since the JVM started"
					+ " | ratio to " + Variant.BASELINE + " | the first call's own time, ms | starts (failed) |");
			out.println("|---|---|---|---|---|---|---|---|");
			Measurement lettuce = medians.get(key(Variant.BASELINE, "STARTUP", "1"));
			Measurement lettuceFirstCall = medians.get(key(Variant.BASELINE, "STARTUP-first-call", "1"));
			for (String variant : columns) {
				Measurement started = medians.get(key(variant, "STARTUP", "1"));
				if (started == null) {
					continue;
				}
				Measurement firstCall = medians.get(key(variant, "STARTUP-first-call", "1"));
				long starts = measurements.stream()
					.filter((m) -> m.variant().equals(variant) && m.scenario().equals("STARTUP"))
					.count();
				out.printf(Locale.ROOT, "| %s | %.2f | %s | %.2f | %s | %s | %s | %d (%d) |%n", variant,
						started.p50Micros() / 1e6, secondsRatio(started, lettuce), started.p99Micros() / 1e6,
						(firstCall != null) ? String.format(Locale.ROOT, "%.2f", firstCall.p50Micros() / 1e6) : "-",
						secondsRatio(firstCall, lettuceFirstCall),
						(firstCall != null) ? String.format(Locale.ROOT, "%.1f", firstCall.p99Micros() / 1e3) : "-",
						starts, started.errors());
			}
		}
		out.println();
		out.println("All rounds (variant scenario threads ops/s p50 p99 errors):");
		out.println();
		out.println("```");
		measurements.forEach((m) -> out.println(m.toLine().substring("MEASUREMENT ".length())));
		out.println("```");
		out.flush();
		return text.toString();
	}

	/** The ratio of two medians of seconds, or "-" when one is missing. */
	private static String secondsRatio(@Nullable Measurement measurement, @Nullable Measurement baseline) {
		return (measurement != null && baseline != null)
				? String.format(Locale.ROOT, "%.2fx", measurement.p50Micros() / baseline.p50Micros()) : "-";
	}

	/**
	 * The HOT_KEY_EXPIRY table: the calls' latency, its p99 as a ratio to the first variant of the run (with the
	 * others' settings, the comparison the run was made for) and to {@link Variant#BASELINE}, and its tail.
	 */
	private static void hotKey(PrintWriter out, Map<String, Measurement> medians, List<String> columns) {
		String first = columns.get(0);
		Measurement firstHot = medians.get(key(first, "HOT_KEY_EXPIRY", "8"));
		Measurement baseline = medians.get(key(Variant.BASELINE, "HOT_KEY_EXPIRY", "8"));
		out.println();
		out.printf(Locale.ROOT, "### HOT_KEY_EXPIRY (one key of a @Cacheable(sync = true) method that takes %d ms, "
				+ "time to live %d ms, read by 8 threads for 5 times that)%n", Catalog.QUERY_TIME.toMillis(),
				Catalog.HOT_TIME_TO_LIVE.toMillis());
		out.println();
		out.println("| variant | ops/s | p50 ms | p99 ms | p99 ratio to " + first + " | p99 ratio to " + Variant.BASELINE
				+ " | p99.9 ms | max ms | calls of " + Catalog.QUERY_TIME.toMillis() / 2
				+ " ms or more | method calls | errors |");
		out.println("|---|---|---|---|---|---|---|---|---|---|---|");
		for (String variant : columns) {
			Measurement hot = medians.get(key(variant, "HOT_KEY_EXPIRY", "8"));
			Measurement tail = medians.get(key(variant, "HOT_KEY_EXPIRY-tail", "8"));
			Measurement queries = medians.get(key(variant, "HOT_KEY_EXPIRY-queries", "8"));
			if (hot == null || tail == null || queries == null) {
				continue;
			}
			out.printf(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %s | %s | %.2f | %.2f | %.0f | %.0f | %d |%n", variant,
					hot.opsPerSecond(), hot.p50Micros() / 1000, hot.p99Micros() / 1000, ratio(hot, firstHot),
					ratio(hot, baseline), tail.p50Micros() / 1000, tail.p99Micros() / 1000, tail.opsPerSecond(),
					queries.opsPerSecond(), hot.errors());
		}
	}

	private static String ratio(Measurement measurement, @Nullable Measurement to) {
		return (to != null) ? String.format(Locale.ROOT, "%.2fx", measurement.p99Micros() / to.p99Micros()) : "-";
	}

	static Map<String, Measurement> medians(List<Measurement> measurements) {
		Map<String, List<Measurement>> groups = measurements.stream()
			.collect(Collectors.groupingBy((m) -> key(m.variant(), m.scenario(), Integer.toString(m.threads())),
					LinkedHashMap::new, Collectors.toList()));
		Map<String, Measurement> medians = new LinkedHashMap<>();
		groups.forEach((key, group) -> {
			Measurement first = group.get(0);
			medians.put(key, new Measurement(first.variant(), first.scenario(), first.threads(),
					median(group.stream().map(Measurement::opsPerSecond).toList()),
					median(group.stream().map(Measurement::p50Micros).toList()),
					median(group.stream().map(Measurement::p99Micros).toList()),
					group.stream().mapToLong(Measurement::errors).sum()));
		});
		return medians;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	static String key(String variant, String scenario, String threads) {
		return variant + " " + scenario + " " + threads;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		Set<String> known = new LinkedHashSet<>(List.of("rounds", "seconds", "warmup", "threads", "scenarios",
				"variants", "rtt-micros", "rotation", "baseline", "startups", "docs"));
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			if (!known.contains(pair[0]) || pair.length != 2) {
				throw new IllegalArgumentException("Unknown option " + arg + "; known: " + known);
			}
			options.put(pair[0], pair[1]);
		}
		return options;
	}

}
