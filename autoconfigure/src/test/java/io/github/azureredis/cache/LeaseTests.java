package io.github.azureredis.cache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.azureredis.cache.LoadOutcomes.Outcome;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of an application (three Spring contexts on one Redis, and a separate JVM for the leader that is
 * killed) miss one key of a {@code @Cacheable(sync = true)} method at once: with leases, the key is computed once
 * across them, the others wait for its value; a leader that dies is replaced when its lease expires; when Redis
 * stops answering, the waiting instances compute themselves within the call's timeout (docs/hot-keys.md).
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class LeaseTests {

	/** The method's time. */
	private static final Duration METHOD = Duration.ofMillis(200);

	/** Callers per instance. */
	private static final int THREADS = 16;

	private static final RedisServer redis = RedisServer.start();

	private static final Computations computations = new Computations();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(ReportsConfiguration.class)
		.withBean(Computations.class, () -> computations)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());

	@BeforeEach
	void emptyRedis() {
		computations.reset();
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	@SuppressWarnings("unchecked")
	void threeInstancesComputeEachMissedKeyOnce() throws Exception {
		Map<String, Long>[] outcomes = new Map[1];
		List<Long> latencies = stampedes(this.runner, 20, outcomes);
		assertThat(computations.byKey()).as("computations by key").hasSize(20).allSatisfy((key, count) ->
				assertThat(count.get()).as("computations of " + key).isEqualTo(1));
		long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		System.out.printf("Leases: 3 instances x %d threads, 20 keys of a %d ms method: %d computations; "
				+ "caller latency p50 %d ms, p99 %d ms, max %d ms%n", THREADS, METHOD.toMillis(), computations.total(),
				percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
		System.out.println("Lease outcomes (azure.redis.cache.loads by result): " + outcomes[0]);
		assertThat(outcomes[0]).containsEntry("leader", 20L).containsEntry("computed-locally", 0L)
			.containsEntry("max-wait", 0L);
		// An instance whose read came after the value was written had a hit: it neither led nor waited.
		assertThat(outcomes[0].get("waited")).as("instances that waited for another's value").isBetween(1L, 40L);
	}

	/** The count of the meter {@code azure.redis.cache.loads} of the cache {@code reports} for an outcome. */
	private static long leases(ApplicationContext instance, Outcome outcome) {
		MeterRegistry registry = new SimpleMeterRegistry();
		instance.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
		FunctionCounter counter = registry.find("azure.redis.cache.loads")
			.tags("cache", "reports", "result", outcome.tag())
			.functionCounter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	/**
	 * What a lease costs: nothing on a hit; on a miss, one command more than without leases (the client sends
	 * {@code GET}, {@code EVALSHA} to take the lease, {@code EVALSHA} to write the value and release the lease, where
	 * it would send {@code GET} and {@code SET}). Redis counts the commands the scripts run as well: {@code PTTL} and
	 * {@code SET} to take the lease; {@code SET}, {@code GET} and {@code DEL} to write and release ({@code PUBLISH}
	 * only when another instance waits).
	 */
	@Test
	void aHitCostsNothingAndAMissOneCommandMore() {
		this.runner.run((context) -> {
			Reports reports = context.getBean(Reports.class);
			try (RespClient client = redis.client()) {
				reports.report("warm-up");
				client.require("CONFIG", "RESETSTAT");
				reports.report("cost");
				assertThat(commandCalls(client)).as("commands of a miss").isEqualTo(Map.of("get", 2L, "evalsha", 2L,
						"pttl", 1L, "set", 2L, "del", 1L));
				client.require("CONFIG", "RESETSTAT");
				reports.report("cost");
				assertThat(commandCalls(client)).as("commands of a hit").isEqualTo(Map.of("get", 1L));
			}
		});
	}

	/** The commands the cache sent: those of the test's own client left out. */
	private static Map<String, Long> commandCalls(RespClient client) {
		Map<String, Long> calls = client.commandCalls();
		calls.keySet().removeAll(List.of("config", "info", "ping"));
		return calls;
	}

	/**
	 * {@code lease.without-sync}: the misses of a {@code @Cacheable} method without {@code sync} take leases too; the
	 * caller that takes a key's lease computes it, and its value, put, releases the lease.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void methodsWithoutSyncComputeEachMissedKeyOnceWhenTheCacheSaysSo() throws Exception {
		Map<String, Long>[] outcomes = new Map[1];
		stampedes(this.runner.withPropertyValues("azure.redis.cache.caches.reports.lease.without-sync=true"), 10,
				outcomes, Reports::reportWithoutSync);
		System.out.printf("Leases without sync: 3 instances x %d threads, 10 keys: %d computations; %s%n", THREADS,
				computations.total(), outcomes[0]);
		assertThat(computations.byKey()).as("computations by key").hasSize(10).allSatisfy((key, count) ->
				assertThat(count.get()).as("computations of " + key).isEqualTo(1));
		assertThat(outcomes[0]).containsEntry("leader", 10L).containsEntry("max-wait", 0L);
		try (RespClient client = redis.client()) {
			assertThat(client.call("KEYS", "azure-redis-cache:lease:*")).as("leases left").isEqualTo(List.of());
		}
	}

	@Test
	void methodsWithoutSyncComputeOncePerCallerByDefault() throws Exception {
		stampedes(this.runner, 3, new Map[1], Reports::reportWithoutSync);
		assertThat(computations.total()).as("computations of 3 keys by 3 instances x %d callers", THREADS)
			.isGreaterThan(3);
	}

	/**
	 * A method without {@code sync} that throws leaves its lease to expire: another instance's caller waits until
	 * then, and computes.
	 */
	@Test
	void aMethodWithoutSyncThatThrowsLeavesItsLeaseToExpire() {
		ApplicationContextRunner instances = this.runner.withPropertyValues(
				"azure.redis.cache.caches.reports.lease.without-sync=true", "azure.redis.cache.lease.duration=1s");
		instances.run((a) -> instances.run((b) -> {
			a.getBean(Reports.class).computeWith((id) -> {
				throw new IllegalStateException("source down");
			});
			assertThat(catchThrowable(() -> a.getBean(Reports.class).reportWithoutSync("thrown")))
				.isInstanceOf(IllegalStateException.class);
			long start = System.nanoTime();
			assertThat(b.getBean(Reports.class).reportWithoutSync("thrown")).isEqualTo("Report thrown");
			long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(waited).as("ms waited for the lease to expire").isBetween(500L, 6000L);
		}));
	}

	/**
	 * With {@code transaction-aware}, puts wait for the commit: a transaction that calls a method without
	 * {@code sync} twice with one key misses twice, and its second call does not wait for the lease its own first
	 * call holds until the commit.
	 */
	@Test
	void aTransactionThatMissesAKeyTwiceDoesNotWaitForItsOwnLease() {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.reports.lease.without-sync=true",
					"azure.redis.cache.transaction-aware=true", "azure.redis.cache.lease.duration=6s")
			.run((context) -> {
				Reports reports = context.getBean(Reports.class);
				long start = System.nanoTime();
				String second = new TransactionTemplate(new CachePropertiesIntegrationTests.NoOpTransactionManager()).execute((status) -> {
					try {
						reports.reportWithoutSync("twice");
						return reports.reportWithoutSync("twice");
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				});
				long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertThat(second).isEqualTo("Report twice");
				assertThat(tookMillis).as("ms for two calls of a %s method; lease.duration 6s", METHOD)
					.isLessThan(4000);
				try (RespClient client = redis.client()) {
					assertThat(client.string("GET", "reports::twice")).as("written at the commit").isNotNull();
					assertThat(client.integer("EXISTS", "azure-redis-cache:lease:reports::twice"))
						.as("the lease, released by the write").isZero();
				}
			});
	}

	@Test
	void withoutLeasesEachInstanceComputes() throws Exception {
		stampedes(this.runner.withPropertyValues("azure.redis.cache.lease.enabled=false"), 20);
		assertThat(computations.byKey()).hasSize(20).allSatisfy((key, count) ->
				assertThat(count.get()).as("computations of " + key).isBetween(1, 3));
		System.out.printf("Without leases: 3 instances x %d threads, 20 keys: %d computations%n", THREADS,
				computations.total());
		assertThat(computations.total()).as("computations of 20 keys by 3 instances").isGreaterThan(20);
	}

	@Test
	void perCacheSettingTurnsLeasesOffForOneCache() throws Exception {
		stampedes(this.runner.withPropertyValues("azure.redis.cache.caches.reports.lease.enabled=false"), 5);
		assertThat(computations.total()).as("computations of 5 keys by 3 instances").isGreaterThan(5);
	}

	/**
	 * A method slower than the lease: the lease expires, a waiting instance takes it and computes too (as documented),
	 * and the first leader's write, finding its lease gone, warns with the property to raise.
	 */
	@Test
	void aComputationThatOutlastsItsLeaseIsWarnedAbout(CapturedOutput output) {
		ApplicationContextRunner instances = this.runner.withPropertyValues("azure.redis.cache.lease.duration=300ms",
				"azure.redis.cache.lease.max-wait=5s");
		instances.run((a) -> instances.run((b) -> {
			for (ApplicationContext instance : List.of(a, b)) {
				instance.getBean(Reports.class).computeWith((id) -> {
					Thread.sleep(1000);
					return "Report " + id;
				});
			}
			ExecutorService callers = Executors.newFixedThreadPool(2);
			try {
				Future<Result> first = callers.submit(() -> timed(() -> a.getBean(Reports.class).report("slow")));
				await().atMost(Duration.ofSeconds(10)).until(() -> computations.total() == 1);
				Future<Result> second = callers.submit(() -> timed(() -> b.getBean(Reports.class).report("slow")));
				assertThat(first.get(30, TimeUnit.SECONDS).value()).isEqualTo("Report slow");
				assertThat(second.get(30, TimeUnit.SECONDS).value()).isEqualTo("Report slow");
			}
			finally {
				callers.shutdownNow();
			}
		}));
		assertThat(computations.total()).as("computations: the lease expired under the first").isEqualTo(2);
		assertThat(output.getAll()).contains("Cache 'reports': a computation outlasted its lease (PT0.3S)")
			.contains("set azure.redis.cache.lease.duration (or the cache's lease.duration) above the method's "
					+ "slowest time");
	}

	/**
	 * The leader's method throws: its callers get the exception, its lease is released at once, and a waiting
	 * instance computes in turn rather than waiting for the lease to expire.
	 */
	@Test
	void whenTheLeaderFailsItReleasesTheLeaseAndAWaitingInstanceComputes() {
		this.runner.run((a) -> this.runner.run((b) -> {
			Reports failing = a.getBean(Reports.class);
			CountDownLatch releaseFailure = new CountDownLatch(1);
			failing.computeWith((id) -> {
				releaseFailure.await(30, TimeUnit.SECONDS);
				throw new IllegalStateException("source down");
			});
			ExecutorService callers = Executors.newFixedThreadPool(2);
			try {
				Future<Result> leading = callers.submit(() -> timed(() -> failing.report("flaky")));
				await().atMost(Duration.ofSeconds(10)).until(() -> computations.total() == 1);
				Reports working = b.getBean(Reports.class);
				Future<Result> waiting = callers.submit(() -> timed(() -> working.report("flaky")));
				await("the second instance waiting").atMost(Duration.ofSeconds(10)).until(() -> listeners() == 2);
				long failedAt = System.nanoTime();
				releaseFailure.countDown();
				assertThat(catchThrowable(() -> leading.get(30, TimeUnit.SECONDS))).cause()
					.isInstanceOf(IllegalStateException.class)
					.hasMessage("source down");
				assertThat(waiting.get(30, TimeUnit.SECONDS).value()).isEqualTo("Report flaky");
				long tookOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failedAt);
				// Far less than the lease's 10 s: the release woke it.
				assertThat(tookOver).as("ms from the failure to the second instance's value").isLessThan(3000);
				assertThat(computations.total()).isEqualTo(2);
				try (RespClient client = redis.client()) {
					assertThat(client.integer("EXISTS", "azure-redis-cache:lease:reports::flaky")).as("lease").isZero();
				}
			}
			finally {
				callers.shutdownNow();
			}
		}));
	}

	/**
	 * The leader is another JVM, killed ({@code kill -9}) in the middle of its computation: its lease expires, one
	 * of the other instances computes once, and no caller waits longer than its bound.
	 */
	@Test
	void whenTheLeaderDiesAnotherInstanceComputesOnceItsLeaseExpires() throws Exception {
		Duration lease = Duration.ofSeconds(3);
		Duration maxWait = Duration.ofSeconds(8);
		ApplicationContextRunner others = this.runner.withPropertyValues(
				"azure.redis.cache.lease.duration=" + lease.toMillis() + "ms",
				"azure.redis.cache.lease.max-wait=" + maxWait.toMillis() + "ms");
		List<Long> latencies = new ArrayList<>();
		long[] killedAt = new long[1];
		long[] leaseLeft = new long[1];
		others.run((b) -> others.run((c) -> {
			Process leader = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
					LeaseHolder.class.getName(), Integer.toString(redis.port()), "orphan",
					Long.toString(lease.toMillis()))
				.redirectErrorStream(true)
				.start();
			ExecutorService callers = Executors.newFixedThreadPool(2 * THREADS);
			try {
				awaitComputing(leader);
				List<Future<Result>> results = new ArrayList<>();
				for (ApplicationContext instance : List.of(b, c)) {
					Reports reports = instance.getBean(Reports.class);
					for (int i = 0; i < THREADS; i++) {
						results.add(callers.submit(() -> timed(() -> reports.report("orphan"))));
					}
				}
				await("both instances waiting for the leader").atMost(Duration.ofSeconds(10))
					.until(() -> listeners() == 3);
				try (RespClient client = redis.client()) {
					leaseLeft[0] = client.integer("PTTL", "azure-redis-cache:lease:reports::orphan");
				}
				killedAt[0] = System.nanoTime();
				leader.destroyForcibly();
				assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
				for (Future<Result> result : results) {
					Result outcome = result.get(30, TimeUnit.SECONDS);
					assertThat(outcome.value()).isEqualTo("Report orphan");
					latencies.add(outcome.millis());
				}
				assertThat(leases(b, Outcome.LEADER) + leases(c, Outcome.LEADER)).as("new leaders").isEqualTo(1);
				assertThat(leases(b, Outcome.WAITED) + leases(c, Outcome.WAITED)).as("waited for the new leader")
					.isEqualTo(1);
			}
			finally {
				callers.shutdownNow();
				leader.destroyForcibly();
			}
		}));
		assertThat(computations.total()).as("computations after the leader died").isEqualTo(1);
		long computedAfterKill = TimeUnit.NANOSECONDS.toMillis(computations.firstAt() - killedAt[0]);
		// Once the lease expired: within a poll (a tenth of the lease), with slack for a loaded machine.
		assertThat(computedAfterKill).as("ms from the kill to the new computation, the lease having %d ms left",
				leaseLeft[0])
			.isBetween(leaseLeft[0] - 50, leaseLeft[0] + lease.toMillis() / 10 + 1500);
		assertThat(latencies).as("callers' waits, bounded by %s", maxWait)
			.allSatisfy((millis) -> assertThat(millis).isLessThan(maxWait.toMillis() + METHOD.toMillis() + 2000));
		assertThat(leaseLeft[0]).as("the leader's lease's remaining life when it was killed").isPositive();
		System.out.printf("Leader killed: the new computation began %d ms after the kill (lease %d ms, %d ms left); "
				+ "longest caller wait %d ms%n", computedAfterKill, lease.toMillis(), leaseLeft[0],
				latencies.stream().mapToLong(Long::longValue).max().orElseThrow());
	}

	/**
	 * Redis freezes (SIGSTOP) while one instance computes a key and the others wait for it: they compute themselves
	 * within the call's timeout instead of hanging.
	 */
	@Test
	void whenRedisFreezesTheWaitingInstancesComputeThemselvesWithinTheTimeout() throws Exception {
		Duration timeout = Duration.ofMillis(500);
		ApplicationContextRunner instances = this.runner.withPropertyValues(
				"spring.data.redis.timeout=" + timeout.toMillis() + "ms", "azure.redis.cache.lease.duration=10s");
		CountDownLatch releaseLeader = new CountDownLatch(1);
		instances.run((a) -> instances.run((b) -> instances.run((c) -> {
			ExecutorService callers = Executors.newFixedThreadPool(1 + 2 * THREADS);
			try {
				Reports leader = a.getBean(Reports.class);
				leader.computeWith((id) -> {
					releaseLeader.await(30, TimeUnit.SECONDS);
					return "Report " + id;
				});
				Future<Result> leading = callers.submit(() -> timed(() -> leader.report("frozen")));
				await().atMost(Duration.ofSeconds(10)).until(() -> computations.total() == 1);
				List<Future<Result>> waiting = new ArrayList<>();
				for (ApplicationContext instance : List.of(b, c)) {
					Reports reports = instance.getBean(Reports.class);
					for (int i = 0; i < THREADS; i++) {
						waiting.add(callers.submit(() -> timed(() -> reports.report("frozen"))));
					}
				}
				await("both instances waiting for the leader").atMost(Duration.ofSeconds(10))
					.until(() -> listeners() == 3);
				redis.pause();
				long frozenAt = System.nanoTime();
				try {
					List<Long> sinceFrozen = new ArrayList<>();
					for (Future<Result> result : waiting) {
						assertThat(result.get(30, TimeUnit.SECONDS).value()).isEqualTo("Report frozen");
						sinceFrozen.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt));
					}
					long longest = sinceFrozen.stream().mapToLong(Long::longValue).max().orElseThrow();
					System.out.printf("Redis frozen: the waiting callers computed themselves, the last %d ms after the "
							+ "freeze (timeout %d ms)%n", longest, timeout.toMillis());
					// A poll (at most 500 ms), the call's timeout, the method, and slack for a loaded machine.
					assertThat(longest).isLessThan(500 + 3 * timeout.toMillis() + METHOD.toMillis() + 2000);
					assertThat(computations.total()).as("the leader's and one per waiting instance").isEqualTo(3);
					assertThat(leases(b, Outcome.COMPUTED_LOCALLY) + leases(c, Outcome.COMPUTED_LOCALLY))
						.as("misses computed locally").isEqualTo(2);
				}
				finally {
					redis.resume();
					releaseLeader.countDown();
				}
				assertThat(leading.get(30, TimeUnit.SECONDS).value()).isEqualTo("Report frozen");
			}
			finally {
				callers.shutdownNow();
			}
		})));
	}

	/** Three instances, each with {@link #THREADS} callers, miss each of a number of keys at once. */
	private static List<Long> stampedes(ApplicationContextRunner runner, int keys) {
		return stampedes(runner, keys, new Map[1]);
	}

	/** Also reads the count of each lease outcome, over the three instances, from their meters. */
	@SuppressWarnings({ "rawtypes" })
	private static List<Long> stampedes(ApplicationContextRunner runner, int keys, Map[] outcomes) {
		return stampedes(runner, keys, outcomes, Reports::report);
	}

	/** Through a method of the reports. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static List<Long> stampedes(ApplicationContextRunner runner, int keys, Map[] outcomes, Call call) {
		List<Long> latencies = new ArrayList<>();
		runner.run((a) -> runner.run((b) -> runner.run((c) -> {
			List<Reports> instances = List.of(a.getBean(Reports.class), b.getBean(Reports.class),
					c.getBean(Reports.class));
			ExecutorService callers = Executors.newFixedThreadPool(3 * THREADS);
			try {
				for (int key = 0; key < keys; key++) {
					String id = "key-" + key;
					CyclicBarrier together = new CyclicBarrier(3 * THREADS);
					List<Future<Result>> results = new ArrayList<>();
					for (Reports reports : instances) {
						for (int i = 0; i < THREADS; i++) {
							results.add(callers.submit(() -> {
								together.await(30, TimeUnit.SECONDS);
								return timed(() -> call.report(reports, id));
							}));
						}
					}
					for (Future<Result> result : results) {
						Result outcome = result.get(30, TimeUnit.SECONDS);
						assertThat(outcome.value()).isEqualTo("Report " + id);
						latencies.add(outcome.millis());
					}
				}
				Map<String, Long> counted = new java.util.TreeMap<>();
				for (ApplicationContext instance : List.of(a, b, c)) {
					for (Outcome outcome : Outcome.values()) {
						counted.merge(outcome.tag(), leases(instance, outcome), Long::sum);
					}
				}
				outcomes[0] = counted;
			}
			finally {
				callers.shutdownNow();
			}
		})));
		return latencies;
	}

	/** The instances listening for written keys: each starts listening when it first waits for a lease. */
	private static long listeners() {
		try (RespClient client = redis.client()) {
			return (client.call("PUBSUB", "NUMSUB", KeyLeases.CHANNEL) instanceof List<?> reply && reply.size() == 2
					&& reply.get(1) instanceof Long count) ? count : 0;
		}
	}

	private static void awaitComputing(Process leader) throws Exception {
		BufferedReader output = new BufferedReader(
				new InputStreamReader(leader.getInputStream(), StandardCharsets.UTF_8));
		List<String> seen = new ArrayList<>();
		ExecutorService reader = Executors.newSingleThreadExecutor();
		Future<Boolean> computing = reader.submit(() -> {
			String line;
			while ((line = output.readLine()) != null) {
				seen.add(line);
				if (line.equals(LeaseHolder.COMPUTING)) {
					return true;
				}
			}
			return false;
		});
		try {
			assertThat(computing.get(120, TimeUnit.SECONDS)).as("the leader computing; it printed %s", seen).isTrue();
		}
		finally {
			reader.shutdown();
		}
	}

	private static long percentile(long[] sorted, int percentile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
	}

	private static Result timed(java.util.concurrent.Callable<String> call) throws Exception {
		long start = System.nanoTime();
		String value = call.call();
		return new Result(value, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
	}

	record Result(String value, long millis) {
	}

	/** Computations of every instance in this JVM, by key. */
	static final class Computations {

		private final Map<String, AtomicInteger> byKey = new ConcurrentHashMap<>();

		private volatile long firstAt;

		void record(String key) {
			if (this.byKey.isEmpty()) {
				this.firstAt = System.nanoTime();
			}
			this.byKey.computeIfAbsent(key, (ignored) -> new AtomicInteger()).incrementAndGet();
		}

		Map<String, AtomicInteger> byKey() {
			return this.byKey;
		}

		int total() {
			return this.byKey.values().stream().mapToInt(AtomicInteger::get).sum();
		}

		long firstAt() {
			return this.firstAt;
		}

		void reset() {
			this.byKey.clear();
		}

	}

	/** A slow {@code @Cacheable(sync = true)} method, counting its computations. */
	static class Reports {

		private final Computations computations;

		private volatile Computation computation = (id) -> {
			Thread.sleep(METHOD.toMillis());
			return "Report " + id;
		};

		Reports(Computations computations) {
			this.computations = computations;
		}

		void computeWith(Computation computation) {
			this.computation = computation;
		}

		@Cacheable(cacheNames = "reports", sync = true)
		public String report(String id) throws Exception {
			this.computations.record(id);
			return this.computation.compute(id);
		}

		@Cacheable(cacheNames = "reports", key = "#id")
		public String reportWithoutSync(String id) throws Exception {
			this.computations.record(id);
			return this.computation.compute(id);
		}

	}

	interface Call {

		String report(Reports reports, String id) throws Exception;

	}

	interface Computation {

		String compute(String id) throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class ReportsConfiguration {

		@Bean
		Reports reports(Computations computations) {
			return new Reports(computations);
		}

	}

	/**
	 * An instance in a JVM of its own, which takes the lease of a key and computes it until it is killed.
	 */
	static final class LeaseHolder {

		static final String COMPUTING = "computing";

		public static void main(String[] args) throws Exception {
			String port = args[0];
			String key = args[1];
			String lease = args[2];
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(ReportsConfiguration.class)
				.withBean(Computations.class, Computations::new)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port,
						"azure.redis.cache.lease.duration=" + lease + "ms")
				.run((context) -> {
					Reports reports = context.getBean(Reports.class);
					reports.computeWith((id) -> {
						System.out.println(COMPUTING);
						System.out.flush();
						Thread.sleep(Duration.ofMinutes(5).toMillis());
						return "never";
					});
					reports.report(key);
				});
			System.out.println(Arrays.toString(args) + " ended");
		}

	}

}
