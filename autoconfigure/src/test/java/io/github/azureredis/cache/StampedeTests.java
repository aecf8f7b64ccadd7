package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.redis.cache.CacheStatistics;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.util.function.ThrowingFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many threads miss the same key at once (README, Stampedes). Without {@code sync = true} every one of them
 * computes the value, as with any Spring cache. With it, one thread reads Redis, once, and computes; the others wait
 * for its value and count as hits; computations of different keys run at the same time; a failure reaches every
 * waiting thread and nothing is cached. Spring Data's own {@code RedisCache} does not do this: with its default
 * writer every thread computes, and with its locking writer the loads of a whole cache run one at a time.
 * <p>
 * The computations are held until the test lets them finish, so that every caller is under way before the first
 * value is stored, whatever the machine's speed.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
class StampedeTests {

	/** The longest wait for a computation's turn; a caller's result is awaited twice as long. */
	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withBean(Reports.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"spring.cache.redis.enable-statistics=true");

	@BeforeEach
	void emptyRedis() {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void withoutSyncEveryThreadComputes() {
		this.runner.run((context) -> {
			Reports reports = context.getBean(Reports.class);
			CountDownLatch allComputing = new CountDownLatch(50);
			reports.computeWith((id) -> {
				allComputing.countDown();
				awaitOrFail(allComputing, "all 50 threads to be computing");
				return "Report " + id;
			});
			try (Stampede stampede = new Stampede(50, () -> reports.report("plain"))) {
				assertThat(stampede.values()).hasSize(50).containsOnly("Report plain");
			}
			assertThat(reports.computations()).as("computations").isEqualTo(50);
			System.out.printf("Stampede without sync: %d computations for 50 concurrent misses%n",
					reports.computations());
		});
	}

	// The reads of one instance: the lease's commands across instances are LeaseTests' (its script reads the lease).
	@Test
	void withSyncOneThreadReadsRedisOnceAndComputesAndTheOthersWaitAndCountAsHits() {
		this.runner.withPropertyValues("azure.redis.cache.lease.enabled=false").run((context) -> {
			Reports reports = context.getBean(Reports.class);
			CountDownLatch release = new CountDownLatch(1);
			reports.computeWith((id) -> {
				awaitOrFail(release, "the test's release");
				return "Report " + id;
			});
			try (RespClient client = redis.client();
					Stampede stampede = new Stampede(50, () -> reports.reportSynchronized("synced"))) {
				client.require("CONFIG", "RESETSTAT");
				stampede.start();
				stampede.awaitEveryCallerWaiting(reports);
				release.countDown();
				assertThat(stampede.values()).hasSize(50).containsOnly("Report synced");
				assertThat(readCommands(client)).as("reads sent to Redis").isEqualTo(1);
			}
			assertThat(reports.computations()).as("computations").isEqualTo(1);
			CacheStatistics statistics = statistics(context);
			assertThat(statistics.getMisses()).as("misses").isEqualTo(1);
			assertThat(statistics.getHits()).as("hits").isEqualTo(49);
			// The fill after the miss is not awaited: its put counts once Redis acknowledged it. Each read of the
			// statistics is a snapshot (Spring Data's collector), so each poll takes a new one.
			await().atMost(Duration.ofSeconds(5)).until(() -> statistics(context).getPuts(), (puts) -> puts == 1);
		});
	}

	/**
	 * A read is shared only by the callers that come while it is under way: each of 8 threads either reads or waits
	 * for one read, so 8 threads' calls take at least one read per 8 calls. A caller that came once a read's result was
	 * known, and shared it, would read nothing: on a loaded machine, most calls of a hot key did so.
	 */
	@Test
	void withSyncACallerThatComesOnceAReadIsDoneReadsAgain() {
		this.runner.withPropertyValues("azure.redis.cache.lease.enabled=false").run((context) -> {
			Reports reports = context.getBean(Reports.class);
			reports.reportSynchronized("hot");
			int threads = 8;
			int callsPerThread = 2000;
			try (RespClient client = redis.client()) {
				client.require("CONFIG", "RESETSTAT");
				try (Stampede stampede = new Stampede(threads, () -> {
					for (int i = 0; i < callsPerThread; i++) {
						assertThat(reports.reportSynchronized("hot")).isEqualTo("Report hot");
					}
					return "done";
				})) {
					assertThat(stampede.values()).hasSize(threads).containsOnly("done");
				}
				assertThat(readCommands(client)).as("reads sent to Redis for %d calls of %d threads",
						threads * callsPerThread, threads)
					.isGreaterThanOrEqualTo(callsPerThread);
			}
			assertThat(reports.computations()).as("computations").isEqualTo(1);
		});
	}

	@Test
	void withSyncDifferentKeysAreComputedAtTheSameTime() {
		this.runner.run((context) -> {
			Reports reports = context.getBean(Reports.class);
			CountDownLatch bothComputing = new CountDownLatch(2);
			reports.computeWith((id) -> {
				bothComputing.countDown();
				awaitOrFail(bothComputing, "the other key's computation to run meanwhile");
				return "Report " + id;
			});
			try (Stampede a = new Stampede(1, () -> reports.reportSynchronized("a"));
					Stampede b = new Stampede(1, () -> reports.reportSynchronized("b"))) {
				a.start();
				b.start();
				assertThat(a.values()).containsExactly("Report a");
				assertThat(b.values()).containsExactly("Report b");
			}
			assertThat(reports.computations()).as("computations").isEqualTo(2);
		});
	}

	@Test
	void withSyncAFailureOfTheComputingThreadReachesTheWaitingOnesAndIsNotCached() {
		this.runner.run((context) -> {
			Reports reports = context.getBean(Reports.class);
			CountDownLatch release = new CountDownLatch(1);
			reports.computeWith((id) -> {
				awaitOrFail(release, "the test's release");
				throw new IllegalStateException("backend down");
			});
			try (Stampede stampede = new Stampede(10, () -> reports.reportSynchronized("failing"))) {
				stampede.start();
				stampede.awaitEveryCallerWaiting(reports);
				release.countDown();
				List<Throwable> failures = stampede.failures();
				assertThat(failures).hasSize(10).allSatisfy((failure) -> assertThat(failure)
					.isInstanceOf(IllegalStateException.class)
					.hasMessage("backend down"));
			}
			assertThat(reports.computations()).as("computations").isEqualTo(1);
			assertThat(context.getBean(CacheManager.class).getCache("reports").get("failing")).isNull();
			try (RespClient client = redis.client()) {
				assertThat(client.integer("EXISTS", "reports::failing")).isZero();
			}
		});
	}

	private static CacheStatistics statistics(AssertableApplicationContext context) {
		return ((RedisCache) context.getBean(CacheManager.class).getCache("reports")).getStatistics();
	}

	/** The {@code GET} and {@code MGET} commands Redis ran since its statistics were reset. */
	private static long readCommands(RespClient client) {
		return client.commandCalls("get", "mget");
	}

	private static void awaitOrFail(CountDownLatch latch, String what) throws InterruptedException {
		if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Waited " + WAIT + " in vain for " + what);
		}
	}

	/**
	 * A service with {@code @Cacheable} methods whose computation each test sets, counting the computations.
	 */
	static class Reports {

		private final AtomicInteger computations = new AtomicInteger();

		private volatile ThrowingFunction<String, String> computation = (id) -> "Report " + id;

		public void computeWith(ThrowingFunction<String, String> computation) {
			this.computation = computation;
		}

		@Cacheable(cacheNames = "reports", sync = true)
		public String reportSynchronized(String id) {
			return compute(id);
		}

		@Cacheable(cacheNames = "reports")
		public String report(String id) {
			return compute(id);
		}

		private String compute(String id) {
			this.computations.incrementAndGet();
			return this.computation.apply(id);
		}

		public int computations() {
			return this.computations.get();
		}

	}

	/**
	 * Callers of one method, each on a thread of its own, released together.
	 */
	private static final class Stampede implements AutoCloseable {

		private final int callers;

		private final List<Thread> threads = new CopyOnWriteArrayList<>();

		private final ExecutorService executor;

		private final CountDownLatch start = new CountDownLatch(1);

		private final CountDownLatch calling;

		private final List<Future<String>> outcomes = new ArrayList<>();

		Stampede(int callers, Callable<String> call) {
			this.callers = callers;
			this.calling = new CountDownLatch(callers);
			this.executor = Executors.newFixedThreadPool(callers, (task) -> {
				Thread thread = new Thread(task, "stampede-" + this.threads.size());
				this.threads.add(thread);
				return thread;
			});
			for (int i = 0; i < callers; i++) {
				this.outcomes.add(this.executor.submit(() -> {
					this.start.await();
					this.calling.countDown();
					return call.call();
				}));
			}
		}

		void start() {
			this.start.countDown();
		}

		/**
		 * Waits until one computation is under way and every caller has made its call and is parked: in the
		 * computation or waiting for another thread's, not running.
		 */
		void awaitEveryCallerWaiting(Reports reports) {
			await("every caller parked in or behind a computation").atMost(WAIT)
				.until(() -> this.calling.getCount() == 0 && reports.computations() > 0
						&& this.threads.size() == this.callers && this.threads.stream().allMatch(Stampede::isParked));
		}

		private static boolean isParked(Thread thread) {
			Thread.State state = thread.getState();
			return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
		}

		List<String> values() throws Exception {
			start();
			List<String> values = new ArrayList<>();
			for (Future<String> outcome : this.outcomes) {
				values.add(outcome.get(2 * WAIT.toMillis(), TimeUnit.MILLISECONDS));
			}
			return values;
		}

		List<Throwable> failures() throws Exception {
			start();
			List<Throwable> failures = new ArrayList<>();
			for (Future<String> outcome : this.outcomes) {
				try {
					outcome.get(2 * WAIT.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (ExecutionException ex) {
					failures.add(ex.getCause());
				}
			}
			return failures;
		}

		@Override
		public void close() {
			this.executor.shutdownNow();
		}

	}

}
