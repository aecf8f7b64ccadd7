package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Fail-safe, soft timeout and refresh-ahead (docs/hot-keys.md) on a real Redis, with several Spring contexts as the
 * instances of an application. Time is moved in Redis rather than waited for: an entry is made stale, or due for a
 * refresh, by setting its remaining life ({@code PEXPIRE}) where the starter reads it.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
@ExtendWith(OutputCaptureExtension.class)
class FailSafeTests {

	private static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);

	private static final Duration FAIL_SAFE = Duration.ofMinutes(10);

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(PricesConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"azure.redis.cache.caches.prices.time-to-live=" + TIME_TO_LIVE.toSeconds() + "s",
				"azure.redis.cache.caches.prices.fail-safe=" + FAIL_SAFE.toMinutes() + "m");

	@BeforeEach
	void emptyRedis() {
		Prices.reset();
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void entriesLiveTheirTimeToLivePlusTheFailSafeInRedis() {
		this.runner.run((context) -> {
			context.getBean(Prices.class).price("a");
			try (RespClient client = redis.client()) {
				assertThat(client.integer("PTTL", "prices::a")).as("remaining life in Redis, ms")
					.isBetween(TIME_TO_LIVE.plus(FAIL_SAFE).toMillis() - 5000, TIME_TO_LIVE.plus(FAIL_SAFE).toMillis());
			}
		});
	}

	/**
	 * Three instances with eight callers each call a method whose source fails, for a number of rounds, on keys whose
	 * entries are stale: no call fails, each gets the stale value, and the stale values are counted. When the source
	 * is back, the first call of each key gets a fresh value.
	 */
	@Test
	void aStaleValueStandsInForAFailingSourceUnderLoad(CapturedOutput output) throws Exception {
		int keys = 5;
		int rounds = 20;
		int threads = 8;
		this.runner.run((a) -> this.runner.run((b) -> this.runner.run((c) -> {
			List<Prices> instances = List.of(a.getBean(Prices.class), b.getBean(Prices.class),
					c.getBean(Prices.class));
			for (int key = 0; key < keys; key++) {
				assertThat(instances.get(0).price("k" + key)).isEqualTo("k" + key + " v1");
				makeStale("prices::k" + key);
			}
			instances.forEach((prices) -> prices.failing(true));
			ExecutorService callers = Executors.newFixedThreadPool(3 * threads);
			AtomicInteger failed = new AtomicInteger();
			AtomicInteger stale = new AtomicInteger();
			try {
				List<Future<?>> calls = new ArrayList<>();
				for (Prices prices : instances) {
					for (int t = 0; t < threads; t++) {
						calls.add(callers.submit(() -> {
							for (int round = 0; round < rounds; round++) {
								for (int key = 0; key < keys; key++) {
									try {
										if (prices.price("k" + key).equals("k" + key + " v1")) {
											stale.incrementAndGet();
										}
									}
									catch (RuntimeException ex) {
										failed.incrementAndGet();
									}
								}
							}
						}));
					}
				}
				for (Future<?> call : calls) {
					call.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				callers.shutdownNow();
			}
			long counted = count(List.of(a, b, c), Outcome.STALE);
			System.out.printf("Fail-safe: 3 instances x %d threads x %d rounds x %d keys with a failing source: "
					+ "%d failed calls, %d stale values served, %d counted as stale (the others shared a stale "
					+ "load in their instance), %d method calls%n", threads, rounds, keys, failed.get(), stale.get(),
					counted, Prices.calls.get());
			assertThat(failed.get()).as("failed calls").isZero();
			assertThat(stale.get()).as("calls that got the stale value").isEqualTo(3 * threads * rounds * keys);
			assertThat(counted).as("azure.redis.cache.loads{result=stale}").isPositive();
			assertThat(output.getAll()).contains("Cache 'prices' served a stale value: the method failed "
					+ "(java.lang.IllegalStateException); later calls try it again");
			instances.forEach((prices) -> prices.failing(false));
			instances.forEach((prices) -> {
				for (int key = 0; key < keys; key++) {
					assertThat(prices.price("k" + key)).as("the first call once the source is back")
						.isNotEqualTo("k" + key + " v1");
				}
			});
		})));
	}

	@Test
	void withoutFailSafeTheFailuresReachTheCallers() {
		this.runner.withPropertyValues("azure.redis.cache.caches.prices.fail-safe=").run((context) -> {
			Prices prices = context.getBean(Prices.class);
			prices.price("gone");
			try (RespClient client = redis.client()) {
				client.require("DEL", "prices::gone");
			}
			prices.failing(true);
			assertThat(catchThrowable(() -> prices.price("gone"))).isInstanceOf(IllegalStateException.class)
				.hasMessage("source down");
		});
	}

	/**
	 * A stale entry that is not read by a {@code sync = true} method is a miss: Spring's other paths do not hand the
	 * cache the method, so they compute the value again, and never get the stale one.
	 */
	@Test
	void aStaleEntryIsAMissForMethodsWithoutSync() {
		this.runner.run((context) -> {
			Prices prices = context.getBean(Prices.class);
			assertThat(prices.unsynchronized("u")).isEqualTo("u v1");
			assertThat(prices.unsynchronized("u")).as("a hit while fresh").isEqualTo("u v1");
			makeStale("prices::u");
			assertThat(prices.unsynchronized("u")).as("the stale entry is a miss").isEqualTo("u v2");
		});
	}

	/**
	 * A stale entry whose method takes longer than the soft timeout: the caller gets the stale value at the soft
	 * timeout, the method finishes in the background and its value is written.
	 */
	@Test
	void aSlowMethodIsLeftToFinishInTheBackgroundPastTheSoftTimeout() {
		Duration softTimeout = Duration.ofMillis(200);
		this.runner.withPropertyValues("azure.redis.cache.caches.prices.soft-timeout=" + softTimeout.toMillis() + "ms")
			.run((context) -> {
				Prices prices = context.getBean(Prices.class);
				prices.price("slow");
				makeStale("prices::slow");
				CountDownLatch finish = new CountDownLatch(1);
				prices.blockOn(finish);
				long start = System.nanoTime();
				assertThat(prices.price("slow")).as("the stale value").isEqualTo("slow v1");
				long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				assertThat(tookMillis).as("ms the caller waited, soft timeout %s", softTimeout)
					.isBetween(softTimeout.toMillis() - 5, softTimeout.toMillis() + 2000);
				assertThat(count(List.of(context), Outcome.STALE)).isEqualTo(1);
				finish.countDown();
				await("the background computation's value in Redis").atMost(Duration.ofSeconds(10))
					.until(() -> prices.price("slow").equals("slow v2"));
				assertThat(Prices.calls.get()).as("method calls: the first and the one in the background")
					.isEqualTo(2);
			});
	}

	/**
	 * Calls that outlast their soft timeout one after the other share the method left running in the background:
	 * when it fails, the failure is counted once.
	 */
	@Test
	void aBackgroundFailureSharedByCallersIsCountedOnce() {
		this.runner.withPropertyValues("azure.redis.cache.caches.prices.soft-timeout=100ms").run((context) -> {
			Prices prices = context.getBean(Prices.class);
			prices.price("shared");
			makeStale("prices::shared");
			CountDownLatch finish = new CountDownLatch(1);
			prices.blockOn(finish);
			for (int call = 0; call < 3; call++) {
				assertThat(prices.price("shared")).as("the stale value").isEqualTo("shared v1");
			}
			assertThat(Prices.calls.get()).as("method calls: the first and the one in the background").isEqualTo(2);
			prices.failing(true);
			finish.countDown();
			await("the background failure counted").atMost(Duration.ofSeconds(10))
				.until(() -> count(List.of(context), Outcome.REFRESH_FAILED) > 0);
			prices.failing(false);
			// A fresh value needs a new load, which starts only once the failed one is over.
			await("a fresh value").atMost(Duration.ofSeconds(10)).until(() -> !prices.price("shared").equals("shared v1"));
			assertThat(count(List.of(context), Outcome.REFRESH_FAILED)).as("azure.redis.cache.loads{result=refresh-failed}")
				.isOne();
		});
	}

	/**
	 * Refresh-ahead: three instances with eight callers each hit an entry due for a refresh; each gets the value at
	 * once, and the entry is recomputed once across them, in the background; its life starts again.
	 */
	@Test
	void aHitDueForARefreshRecomputesOnceAcrossInstancesInTheBackground() throws Exception {
		ApplicationContextRunner refreshing = this.runner.withPropertyValues(
				"azure.redis.cache.caches.prices.refresh-ahead=0.8", "azure.redis.cache.caches.prices.fail-safe=");
		refreshing.run((a) -> refreshing.run((b) -> refreshing.run((c) -> {
			List<Prices> instances = List.of(a.getBean(Prices.class), b.getBean(Prices.class),
					c.getBean(Prices.class));
			instances.get(0).price("hot");
			try (RespClient client = redis.client()) {
				// 10% of its life left: past 0.8 of it, not expired.
				client.require("PEXPIRE", "prices::hot", Long.toString(TIME_TO_LIVE.toMillis() / 10));
			}
			CountDownLatch finish = new CountDownLatch(1);
			instances.forEach((prices) -> prices.blockOn(finish));
			ExecutorService callers = Executors.newFixedThreadPool(24);
			List<Long> waits = new ArrayList<>();
			try {
				List<Future<Long>> calls = new ArrayList<>();
				for (Prices prices : instances) {
					for (int t = 0; t < 8; t++) {
						calls.add(callers.submit(() -> {
							long start = System.nanoTime();
							assertThat(prices.price("hot")).isEqualTo("hot v1");
							return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
						}));
					}
				}
				for (Future<Long> call : calls) {
					waits.add(call.get(30, TimeUnit.SECONDS));
				}
			}
			finally {
				finish.countDown();
				callers.shutdownNow();
			}
			await("the refreshed value").atMost(Duration.ofSeconds(10))
				.until(() -> instances.get(1).price("hot").equals("hot v2"));
			await().atMost(Duration.ofSeconds(10)).until(() -> count(List.of(a, b, c), Outcome.REFRESHED) == 1);
			System.out.printf("Refresh-ahead: 24 callers on 3 instances hit an entry due for a refresh; longest wait "
					+ "%d ms while the method was blocked; %d method calls%n",
					waits.stream().mapToLong(Long::longValue).max().orElseThrow(), Prices.calls.get());
			assertThat(Prices.calls.get()).as("method calls: the first and one refresh").isEqualTo(2);
			assertThat(waits).as("callers' waits, ms: none waited for the blocked method")
				.allSatisfy((millis) -> assertThat(millis).isLessThan(5000));
			try (RespClient client = redis.client()) {
				assertThat(client.integer("PTTL", "prices::hot")).as("the refreshed entry's life, ms")
					.isGreaterThan(TIME_TO_LIVE.toMillis() / 2);
			}
		})));
	}

	/**
	 * Every background thread of the starter's own (used when the application defines an {@code Executor}) is busy
	 * with a slow method left running by a soft timeout: a hit due for a refresh still returns at once, and the
	 * refresh is left to a later hit.
	 */
	@Test
	void aHitDueForARefreshIsNotHeldUpWhenTheBackgroundThreadsAreBusy() throws Exception {
		int busy = 16;
		this.runner
			.withPropertyValues("azure.redis.cache.caches.prices.soft-timeout=100ms",
					"azure.redis.cache.caches.prices.refresh-ahead=0.8")
			.run((context) -> {
				Prices prices = context.getBean(Prices.class);
				for (int i = 0; i < busy; i++) {
					prices.price("busy" + i);
					makeStale("prices::busy" + i);
				}
				prices.price("due");
				makeDueForRefresh("prices::due");
				CountDownLatch finish = new CountDownLatch(1);
				prices.blockOn(finish);
				ExecutorService caller = Executors.newSingleThreadExecutor();
				try {
					for (int i = 0; i < busy; i++) {
						assertThat(prices.price("busy" + i)).as("a stale value at the soft timeout")
							.isEqualTo("busy" + i + " v1");
					}
					Future<String> hit = caller.submit(() -> prices.price("due"));
					assertThat(hit.get(10, TimeUnit.SECONDS)).as("a hit while %d methods run in the background", busy)
						.isEqualTo("due v1");
				}
				finally {
					finish.countDown();
					caller.shutdownNow();
				}
			});
	}

	/**
	 * A refresh ahead of expiry is under way (its method slow) when the entry turns stale: a call with a soft timeout
	 * waits for the value that refresh writes, and gets that value.
	 */
	@Test
	void aStaleCallDuringARefreshGetsTheRefreshedValue() throws Exception {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.prices.refresh-ahead=0.8",
					"azure.redis.cache.caches.prices.soft-timeout=10s")
			.run((context) -> {
				Prices prices = context.getBean(Prices.class);
				prices.price("mixed");
				makeDueForRefresh("prices::mixed");
				CountDownLatch finish = new CountDownLatch(1);
				prices.blockOn(finish);
				assertThat(prices.price("mixed")).as("a hit due for a refresh").isEqualTo("mixed v1");
				await("the refresh under way").atMost(Duration.ofSeconds(10)).until(() -> Prices.calls.get() == 2);
				makeStale("prices::mixed");
				ExecutorService caller = Executors.newSingleThreadExecutor();
				try {
					Future<String> stale = caller.submit(() -> prices.price("mixed"));
					Thread.sleep(300);
					finish.countDown();
					assertThat(stale.get(30, TimeUnit.SECONDS)).as("the value the refresh wrote").isEqualTo("mixed v2");
				}
				finally {
					caller.shutdownNow();
				}
				assertThat(Prices.calls.get()).as("method calls: the first and the refresh").isEqualTo(2);
			});
	}

	/**
	 * A near-cached entry's local copy lives no longer than the entry is fresh: once it is stale in Redis, a call
	 * reaches Redis and recomputes it, and a later failure gets the stale value from Redis, never an older copy.
	 */
	@Test
	void aLocalCopyIsNotServedOnceItsEntryIsStale() {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.prices.near-cache=true",
					"azure.redis.cache.caches.prices.time-to-live=500ms")
			.run((context) -> {
				Prices prices = context.getBean(Prices.class);
				assertThat(prices.price("near")).isEqualTo("near v1");
				assertThat(prices.price("near")).as("a local hit").isEqualTo("near v1");
				await("the entry's end of life").atMost(Duration.ofSeconds(10))
					.until(() -> prices.price("near").equals("near v2"));
				assertThat(Prices.calls.get()).isEqualTo(2);
			});
	}

	/**
	 * Redis does not answer (frozen), and the entry's local copy is past its fresh life: with fail-safe, the copy
	 * stands in, within the call's timeout; without a local copy, the call fails as without fail-safe.
	 */
	@Test
	void aStaleLocalCopyStandsInWhenRedisDoesNotAnswer(CapturedOutput output) {
		Duration timeout = Duration.ofMillis(500);
		this.runner
			.withPropertyValues("azure.redis.cache.caches.prices.near-cache=true",
					"azure.redis.cache.caches.prices.time-to-live=300ms",
					"spring.data.redis.timeout=" + timeout.toMillis() + "ms")
			.run((context) -> {
				Prices prices = context.getBean(Prices.class);
				prices.price("local");
				assertThat(prices.price("local")).as("read from Redis, and kept").isEqualTo("local v1");
				redis.pause();
				try {
					Thread.sleep(400); // the copy's fresh life (300 ms) is over
					long start = System.nanoTime();
					assertThat(prices.price("local")).as("the stale local copy").isEqualTo("local v1");
					long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
					assertThat(tookMillis).as("ms, timeout %s", timeout).isLessThan(3 * timeout.toMillis() + 2000);
					assertThat(count(List.of(context), Outcome.STALE)).isEqualTo(1);
					assertThat(output.getAll()).contains("Cache 'prices' served a stale local copy: Redis did not "
							+ "answer");
					assertThat(catchThrowable(() -> prices.price("never-read"))).as("no local copy")
						.isInstanceOf(RuntimeException.class)
						.isNotInstanceOf(IllegalStateException.class);
				}
				finally {
					redis.resume();
				}
			});
	}

	/**
	 * A cache whose {@code RedisCacheConfiguration} (from a customizer) has time-to-idle is left alone by a default
	 * fail-safe, as a cache with {@code max-idle} is: its entries are hits, and reads restart their idle expiry.
	 */
	@Test
	void aDefaultFailSafeLeavesACustomizersTimeToIdleCacheAlone() {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.prices.fail-safe=",
					"azure.redis.cache.fail-safe=" + FAIL_SAFE.toMinutes() + "m")
			.withBean(RedisCacheManagerBuilderCustomizer.class, () -> (builder) -> builder.withCacheConfiguration(
					"prices", builder.cacheDefaults().entryTtl(TIME_TO_LIVE).enableTimeToIdle()))
			.run((context) -> {
				Prices prices = context.getBean(Prices.class);
				prices.price("idle");
				prices.price("idle");
				assertThat(Prices.calls.get()).as("method calls: the second read is a hit").isOne();
				try (RespClient client = redis.client()) {
					client.require("PEXPIRE", "prices::idle", "5000");
					prices.price("idle");
					assertThat(client.integer("PTTL", "prices::idle")).as("idle expiry restarted by a read, ms")
						.isGreaterThan(TIME_TO_LIVE.toMillis() - 5000);
					client.require("PEXPIRE", "prices::idle", "5000");
					context.getBean(CacheManager.class).getCache("prices").retrieve("idle").join();
					assertThat(client.integer("PTTL", "prices::idle"))
						.as("idle expiry restarted by an asynchronous read, ms")
						.isGreaterThan(TIME_TO_LIVE.toMillis() - 5000);
				}
			});
	}

	@Test
	void aCachesOwnFailSafeWithACustomizersTimeToIdleFailsStartUp() {
		this.runner
			.withBean(RedisCacheManagerBuilderCustomizer.class, () -> (builder) -> builder.withCacheConfiguration(
					"prices", builder.cacheDefaults().entryTtl(TIME_TO_LIVE).enableTimeToIdle()))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Property azure.redis.cache.caches.prices.fail-safe with value 'PT10M' is invalid: "
						+ "The RedisCacheConfiguration of cache 'prices' enables time-to-idle"));
	}

	/**
	 * An entry written with the shortest life the jitter allows is not due for a refresh when it is written: the
	 * refresh window is part of that shortest life, or every hit of such an entry would refresh it again.
	 */
	@Test
	void anEntryWrittenWithJitterIsNotDueForARefreshAtOnce() {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.prices.fail-safe=",
					"azure.redis.cache.caches.prices.refresh-ahead=0.3",
					"azure.redis.cache.caches.prices.time-to-live-jitter=" + TIME_TO_LIVE.dividedBy(2).toSeconds() + "s")
			// Background refreshes run on the caller's thread: a refresh has run, or not, when the call returns.
			.withBean("applicationTaskExecutor", Executor.class, () -> Runnable::run)
			.run((context) -> {
				Prices prices = context.getBean(Prices.class);
				prices.price("jittered");
				try (RespClient client = redis.client()) {
					// A life the jitter may have given the entry (half to all of its time to live), less a second.
					client.require("PEXPIRE", "prices::jittered",
							Long.toString(TIME_TO_LIVE.dividedBy(2).toMillis() - 1000));
					assertThat(prices.price("jittered")).isEqualTo("jittered v1");
					assertThat(Prices.calls.get()).as("method calls: a hit early in the entry's life").isOne();
					client.require("PEXPIRE", "prices::jittered", Long.toString(TIME_TO_LIVE.toMillis() / 10));
					assertThat(prices.price("jittered")).isEqualTo("jittered v1");
					assertThat(Prices.calls.get()).as("method calls: a hit in the last part of its life refreshes it")
						.isEqualTo(2);
				}
			});
	}

	/** A hit in a cache with fail-safe costs one command: a script reads the value with its remaining life. */
	@Test
	void aHitCostsOneCommand() {
		this.runner.run((context) -> {
			Prices prices = context.getBean(Prices.class);
			prices.price("cost");
			try (RespClient client = redis.client()) {
				client.require("CONFIG", "RESETSTAT");
				prices.price("cost");
				Map<String, Long> calls = client.commandCalls();
				// One script call: Redisson sends a read script as EVALSHA_RO, or as EVALSHA once any server refused
				// EVALSHA_RO (a flag shared by all its clients in the JVM: another test's Redis 6.0 sets it).
				assertThat(calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("evalsha_ro", 0L))
					.as("script calls")
					.isOne();
				assertThat(calls).containsEntry("get", 1L).containsEntry("pttl", 1L).doesNotContainKey("set");
			}
		});
	}

	/** Moves an entry of a cache with fail-safe into the last tenth of its time to live: due for a refresh. */
	private static void makeDueForRefresh(String key) {
		try (RespClient client = redis.client()) {
			client.require("PEXPIRE", key, Long.toString(FAIL_SAFE.plus(TIME_TO_LIVE.dividedBy(10)).toMillis()));
		}
	}

	/** Moves an entry into its fail-safe period: its time to live is over, its fail-safe not. */
	private static void makeStale(String key) {
		try (RespClient client = redis.client()) {
			assertThat(client.integer("PEXPIRE", key, Long.toString(FAIL_SAFE.toMillis() - 1000))).isOne();
		}
	}

	private static long count(List<ApplicationContext> instances, Outcome outcome) {
		long total = 0;
		for (ApplicationContext instance : instances) {
			MeterRegistry registry = new SimpleMeterRegistry();
			instance.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			FunctionCounter counter = registry.find("azure.redis.cache.loads")
				.tags("cache", "prices", "result", outcome.tag())
				.functionCounter();
			total += (counter != null) ? (long) counter.count() : 0;
		}
		return total;
	}

	/** Prices from a source that can fail or block; each call of a key gives its next version. */
	static class Prices {

		static final AtomicLong calls = new AtomicLong();

		/** Versions shared by every instance, as a database's would be. */
		private static final Map<String, AtomicInteger> VERSIONS = new ConcurrentHashMap<>();

		private volatile boolean failing;

		private volatile CountDownLatch blocked = new CountDownLatch(0);

		void failing(boolean failing) {
			this.failing = failing;
		}

		void blockOn(CountDownLatch latch) {
			this.blocked = latch;
		}

		@Cacheable(cacheNames = "prices", sync = true)
		public String price(String id) {
			return compute(id);
		}

		@Cacheable(cacheNames = "prices", key = "#id")
		public String unsynchronized(String id) {
			return compute(id);
		}

		private String compute(String id) {
			calls.incrementAndGet();
			try {
				this.blocked.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (this.failing) {
				throw new IllegalStateException("source down");
			}
			return id + " v" + VERSIONS.computeIfAbsent(id, (ignored) -> new AtomicInteger()).incrementAndGet();
		}

		static void reset() {
			calls.set(0);
			VERSIONS.clear();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class PricesConfiguration {

		@Bean
		Prices prices() {
			return new Prices();
		}

	}

}
