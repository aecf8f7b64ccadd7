package io.github.azureredis.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.github.azureredis.values.UncacheableValueException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Pipelined fills against a real Redis that the test freezes ({@code SIGSTOP}) from within the cached method, so that
 * the write after the method is sent to a server that answers nothing until the test thaws it: the fill of a miss
 * returns at once, while a {@code @CachePut}, an eviction, and a fill with {@code pipelined-fills=false} wait for
 * their replies and run out of time (1 s here, 60 s where a fill must outlast the freeze). A fill never replaces a
 * value stored while the method ran. A read of the key in the same instance waits for the fill under way
 * instead of computing the value again, a failed fill is counted and logged (a write that ran out of time may
 * still be applied when the server thaws, as with any client), and a near cache takes its copy only
 * after the fill is acknowledged.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class PipelinedFillsTests {

	/** Generous bound for what must happen promptly on a loaded machine; the call timeout is 1 s. */
	private static final Duration PROMPTLY = Duration.ofSeconds(20);

	/** For the tests whose fill must outlast the freeze. */
	private static final String LONG_TIMEOUT = "spring.data.redis.timeout=60s";

	private static final RedisServer redis = RedisServer.start();

	private final ExecutorService readers = Executors.newCachedThreadPool();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(LibraryConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"spring.data.redis.timeout=1s");

	@BeforeEach
	void emptyRedis() {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	@AfterEach
	void thawRedis() {
		redis.resume();
		this.readers.shutdownNow();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void theFillOfAMissLeavesWithoutWaitingAndAReadMeanwhileWaitsForItInsteadOfComputingAgain() {
		this.runner.withPropertyValues(LONG_TIMEOUT).run((context) -> {
			Library library = context.getBean(Library.class);
			CompletableFuture<String> read = fillWhileFrozenThenRead(library, "1");
			assertThat(read).isNotDone();
			redis.resume();
			assertThat(read.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Title 1");
			assertThat(library.computations()).as("computations").isEqualTo(1);
			try (RespClient client = redis.client()) {
				assertThat(client.string("GET", "titles::1")).contains("Title 1");
			}
		});
	}

	@Test
	void putsEvictionsAndProgrammaticWritesWaitForTheirReplies() {
		this.runner.run((context) -> {
			Library library = context.getBean(Library.class);
			library.whileComputing(redis::pause);
			assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> library.retitle("2", "New"));
			redis.resume();
			assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> library.remove("2"));
			redis.resume();
			library.whileComputing(() -> {
			});
			// A put after a miss of an equal key, not the very key object the miss was given, is no fill.
			Cache cache = context.getBean(CacheManager.class).getCache("titles");
			assertThat(cache.get(new String("3"))).isNull();
			redis.pause();
			assertThatExceptionOfType(QueryTimeoutException.class)
				.isThrownBy(() -> cache.put(new String("3"), "Title 3"));
		});
	}

	@Test
	void theFillOfASyncMissWithoutLeasesLeavesWithoutWaiting() {
		this.runner.withPropertyValues(LONG_TIMEOUT, "azure.redis.cache.lease.enabled=false").run((context) -> {
			Library library = context.getBean(Library.class);
			library.whileComputing(redis::pause);
			// Redis is frozen until the test thaws it: returning shows that the call did not wait for the fill's reply.
			assertThat(library.titleOnce("8")).isEqualTo("Title 8");
			redis.resume();
			library.whileComputing(() -> {
			});
			assertThat(library.titleOnce("8")).isEqualTo("Title 8");
			assertThat(library.computations()).as("computations").isEqualTo(1);
		});
	}

	@Test
	void aFillDoesNotReplaceAValueStoredWhileTheMethodRan() {
		this.runner.run((context) -> {
			Library library = context.getBean(Library.class);
			storeNewerWhileComputing(library, "7", () -> {
			});
			assertThat(library.title("7")).isEqualTo("Title 7");
			assertThat(library.title("7")).isEqualTo("Newer");
			assertThat(library.computations()).as("computations").isEqualTo(1);
		});
	}

	@Test
	void aFillRefusedByAFullRedisLeavesAValueStoredWhileTheMethodRan() {
		this.runner.run((context) -> {
			Library library = context.getBean(Library.class);
			storeNewerWhileComputing(library, "14", () -> {
				try (RespClient client = redis.client()) {
					client.require("CONFIG", "SET", "maxmemory", "1");
				}
			});
			try {
				assertThat(library.title("14")).isEqualTo("Title 14");
				((AzureRedisCache) context.getBean(CacheManager.class).getCache("titles")).awaitFills();
			}
			finally {
				try (RespClient client = redis.client()) {
					client.require("CONFIG", "SET", "maxmemory", "0");
				}
			}
			assertThat(library.title("14")).as("the newer value, not deleted for the refused fill").isEqualTo("Newer");
			assertThat(library.computations()).as("computations").isEqualTo(1);
		});
	}

	/**
	 * While the next computation of the key runs, another thread stores "Newer" for it with a {@code @CachePut}, then
	 * {@code andThen} runs. {@code @CachePut} runs the hook too: it is reset first.
	 */
	private void storeNewerWhileComputing(Library library, String id, Runnable andThen) {
		library.whileComputing(() -> {
			library.whileComputing(() -> {
			});
			CompletableFuture.runAsync(() -> library.retitle(id, "Newer"), this.readers).join();
			andThen.run();
		});
	}

	@Test
	void aCacheWithFailSafeAwaitsItsFills() {
		assertTheFillIsAwaited(this.runner.withPropertyValues("azure.redis.cache.caches.titles.time-to-live=10m",
				"azure.redis.cache.caches.titles.fail-safe=1h"), (library) -> library.title("12"));
	}

	@Test
	void aValueThatCouldNotBeReadIsReplacedByAnAwaitedPut() {
		try (RespClient client = redis.client()) {
			client.require("SET", "titles::13", "not a value of the cache");
		}
		assertTheFillIsAwaited(this.runner, (library) -> library.title("13"));
	}

	@Test
	void aValueLargerThanAPipelinedFillIsAwaited() {
		assertTheFillIsAwaited(this.runner, (library) -> library.largeTitle("9"));
	}

	@Test
	void aCacheOfItsOwnCanAwaitItsFills() {
		assertTheFillIsAwaited(this.runner.withPropertyValues("azure.redis.cache.caches.titles.pipelined-fills=false"),
				(library) -> library.title("10"));
	}

	@Test
	void withPipelinedFillsOffTheFillWaitsForItsReply() {
		assertTheFillIsAwaited(this.runner.withPropertyValues("azure.redis.cache.pipelined-fills=false"),
				(library) -> library.title("4"));
	}

	/** With Redis frozen from within the method, a call whose fill is awaited runs out of time. */
	private static void assertTheFillIsAwaited(ApplicationContextRunner runner, Function<Library, String> call) {
		runner.run((context) -> {
			Library library = context.getBean(Library.class);
			library.whileComputing(redis::pause);
			assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> call.apply(library));
		});
	}

	@Test
	void aFailedFillIsCountedAndLogged(CapturedOutput output) {
		this.runner.run((context) -> {
			Library library = context.getBean(Library.class);
			AzureRedisCacheManager cacheManager = context.getBean(AzureRedisCacheManager.class);
			library.whileComputing(redis::pause);
			assertThat(library.title("5")).isEqualTo("Title 5");
			library.whileComputing(() -> {
			});
			await().atMost(PROMPTLY)
				.until(() -> cacheManager.uncacheableValues().count("titles", Reason.FILL_FAILED) == 1);
			assertThat(output).contains("Could not fill cache 'titles' after a miss; the next miss of the key computes "
					+ "it again: org.springframework.dao.QueryTimeoutException");
		});
	}

	@Test
	void aNearCacheTakesItsCopyOnlyOnceTheFillIsAcknowledged() {
		this.runner.withPropertyValues(LONG_TIMEOUT, "azure.redis.cache.near-cache.enabled=true").run((context) -> {
			Library library = context.getBean(Library.class);
			AzureRedisCache cache = (AzureRedisCache) context.getBean(CacheManager.class).getCache("titles");
			CompletableFuture<String> read = fillWhileFrozenThenRead(library, "6");
			assertThat(cache.localSize()).as("local copies while the fill is under way").isZero();
			redis.resume();
			assertThat(read.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Title 6");
			assertThat(cache.localSize()).as("local copies once it was acknowledged").isEqualTo(1);
			assertThat(library.computations()).as("computations").isEqualTo(1);
		});
	}

	/**
	 * Calls the method with Redis frozen from within it (so that its fill is under way when it returns), then reads
	 * the key on another thread, which waits for the fill.
	 */
	private CompletableFuture<String> fillWhileFrozenThenRead(Library library, String id) {
		library.whileComputing(redis::pause);
		// Redis is frozen until the test thaws it: returning shows that the call did not wait for the fill's reply.
		assertThat(library.title(id)).isEqualTo("Title " + id);
		library.whileComputing(() -> {
		});
		AtomicReference<Thread> reader = new AtomicReference<>();
		CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
			reader.set(Thread.currentThread());
			return library.title(id);
		}, this.readers);
		await().atMost(PROMPTLY).until(() -> waitsForAFill(reader.get()));
		return read;
	}

	private static boolean waitsForAFill(Thread thread) {
		return thread != null && Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(PendingFills.class.getName())
					&& frame.getMethodName().equals("await"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class LibraryConfiguration {

		@Bean
		Library library() {
			return new Library();
		}

	}

	/** Cached titles, whose computation runs a hook the test sets (to freeze Redis) and is counted. */
	static class Library {

		private final AtomicInteger computations = new AtomicInteger();

		private volatile Runnable hook = () -> {
		};

		void whileComputing(Runnable hook) {
			this.hook = hook;
		}

		int computations() {
			return this.computations.get();
		}

		@Cacheable("titles")
		public String title(String id) {
			this.computations.incrementAndGet();
			this.hook.run();
			return "Title " + id;
		}

		@Cacheable(cacheNames = "titles", sync = true)
		public String titleOnce(String id) {
			return title(id);
		}

		/** A value larger than the largest fill that is not awaited. */
		@Cacheable("titles")
		public String largeTitle(String id) {
			return title(id).repeat(PendingFills.LARGEST_PIPELINED / 4);
		}

		@CachePut(cacheNames = "titles", key = "#id")
		public String retitle(String id, String title) {
			this.hook.run();
			return title;
		}

		@CacheEvict("titles")
		public void remove(String id) {
			this.hook.run();
		}

	}

}
