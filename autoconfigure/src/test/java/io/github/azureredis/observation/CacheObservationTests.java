package io.github.azureredis.observation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Observations of cache operations and of the Redis commands they send, with Micrometer's test registry (which also
 * checks that every observation is started, scoped and stopped correctly).
 */
@Tag("integration")
class CacheObservationTests {

	private static final RedisServer redis = RedisServer.start();

	private static final String COMMANDS_OBSERVED = "azure.redis.observations.commands=true";

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final Recorder recorder = new Recorder();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(AzureRedisObservationAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"spring.data.redis.timeout=500ms");

	CacheObservationTests() {
		this.registry.observationConfig().observationHandler(this.recorder);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void byDefaultEachOperationIsOneObservationAndNoCommandIsObserved() {
		MeterRegistry meters = new SimpleMeterRegistry();
		this.registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		this.runner.withBean(ObservationRegistry.class, () -> this.registry).run((context) -> {
			BookService books = context.getBean(BookService.class);
			books.find("once");
			books.find("once");
			books.evict("once");
			assertThat(this.recorder.operations()).containsExactly("get books miss", "put books success",
					"get books hit", "evict books success");
			assertThat(this.recorder.of(RedisCommandContext.class)).isEmpty();
			assertThat(meters.find("azure.redis.commands").timers()).isEmpty();
			assertThat(meters.get("azure.redis.cache.operations").timers()).isNotEmpty();
		});
	}

	@Test
	void hitsMissesPutsEvictionsAndClearsWithTheCommandsTheySent() {
		this.runner.withBean(ObservationRegistry.class, () -> this.registry)
			.withPropertyValues(COMMANDS_OBSERVED)
			.run((context) -> {
			BookService books = context.getBean(BookService.class);
			Cache cache = context.getBean(CacheManager.class).getCache("books");
			books.find("observed");
			books.find("observed");
			books.evict("observed");
			cache.clear();
			assertThat(this.recorder.operations()).containsExactly("get books miss", "put books success",
					"get books hit", "evict books success", "clear books success");
			for (CacheOperationContext operation : this.recorder.of(CacheOperationContext.class)) {
				// Low-cardinality tags only: the key is never one.
				assertThat(operation.getLowCardinalityKeyValues().stream().map(KeyValue::getKey))
					.containsExactlyInAnyOrder("cache", "operation", "result");
				assertThat(operation.getHighCardinalityKeyValues()).isEmpty();
				assertThat(operation.getError()).isNull();
			}
			List<RedisCommandContext> commands = this.recorder.of(RedisCommandContext.class);
			assertThat(commands).extracting(RedisCommandContext::getCommand).containsExactly("GET", "SET", "GET", "DEL");
			for (RedisCommandContext command : commands) {
				Map<String, String> tags = tags(command);
				assertThat(tags).containsEntry("db.system", "redis")
					.containsEntry("db.operation", command.getCommand())
					.containsEntry("net.sock.peer.addr", "127.0.0.1")
					.containsEntry("net.sock.peer.port", Integer.toString(redis.port()));
				assertThat(command.getHighCardinalityKeyValue("db.redis.keys").getValue()).isEqualTo("1");
				// Each command is a child of the operation that sent it.
				assertThat(command.getParentObservation()).isNotNull();
				assertThat(command.getParentObservation().getContextView()).isInstanceOf(CacheOperationContext.class);
			}
			assertThat(((CacheOperationContext) commands.get(1).getParentObservation().getContextView())
				.getOperation()).isEqualTo(CacheOperationContext.Operation.PUT);
			assertThat(this.recorder.contextualNames()).contains("get books", "put books", "get", "set", "del");
		});
	}

	/**
	 * A {@code sync} miss is a load, observed around the reads and writes it takes, its result how it ended: under a
	 * lease, as its holder; with fail-safe, a stale value for a method that failed.
	 */
	@Test
	void aSyncLoadIsObservedWithHowItEnded() {
		this.runner.withBean(ObservationRegistry.class, () -> this.registry)
			.withPropertyValues(COMMANDS_OBSERVED, "azure.redis.cache.caches.books.time-to-live=1m",
					"azure.redis.cache.caches.books.fail-safe=10m")
			.run((context) -> {
				Cache cache = context.getBean(CacheManager.class).getCache("books");
				assertThat(cache.get("loaded", () -> "value")).isEqualTo("value");
				assertThat(this.recorder.operations()).containsExactly("get books miss", "put books success",
						"load books leader");
				// A command's observation stops when its reply arrives, which may be just after its caller went on.
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(this.recorder.of(RedisCommandContext.class))
						.extracting((command) -> ((CacheOperationContext) command.getParentObservation()
							.getContextView()).getOperation().tag())
						.containsExactly("get", "load", "put"));
				try (RespClient client = redis.client()) {
					client.require("PEXPIRE", "books::loaded", "60000");
				}
				Callable<String> failing = () -> {
					throw new IllegalStateException("source down");
				};
				assertThat(cache.get("loaded", failing)).isEqualTo("value");
				assertThat(this.recorder.operations()).endsWith("get books miss", "load books stale");
			});
	}

	/**
	 * Without command observations a load is still in scope: what the method observes, and the operations the load
	 * takes, are its children.
	 */
	@Test
	void byDefaultALoadIsTheParentOfWhatItRuns() {
		this.runner.withBean(ObservationRegistry.class, () -> this.registry).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("books");
			AtomicReference<Observation.ContextView> current = new AtomicReference<>();
			assertThat(cache.get("parent", () -> {
				Observation observation = this.registry.getCurrentObservation();
				current.set((observation != null) ? observation.getContextView() : null);
				return "value";
			})).isEqualTo("value");
			assertThat(current.get()).isInstanceOfSatisfying(CacheOperationContext.class,
					(operation) -> assertThat(operation.getOperation()).isEqualTo(CacheOperationContext.Operation.LOAD));
			// The read that missed comes before the load; the write of the loaded value is part of it.
			assertThat(this.recorder.of(CacheOperationContext.class)).extracting((operation) -> {
				ObservationView parent = operation.getParentObservation();
				return operation.getContextualName() + " in "
						+ ((parent != null) ? parent.getContextView().getContextualName() : "none");
			}).containsExactly("get books in none", "put books in load books", "load books in none");
		});
	}

	@Test
	void aFailedOperationIsAnErrorWithItsException() {
		this.runner.withBean(ObservationRegistry.class, () -> this.registry)
			.withPropertyValues(COMMANDS_OBSERVED)
			.run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("books");
			redis.pause();
			Throwable failure;
			try {
				failure = catchThrowable(() -> cache.get("stalled"));
			}
			finally {
				redis.resume();
			}
			assertThat(failure).isInstanceOf(QueryTimeoutException.class);
			CacheOperationContext operation = this.recorder.of(CacheOperationContext.class).get(0);
			assertThat(operation.getResult()).isEqualTo(CacheOperationContext.Result.ERROR);
			assertThat(operation.getError()).isSameAs(failure);
			assertThat(tags(operation)).containsEntry("result", "error");
			// The command it gave up on is an error too, once Redisson lets go of it.
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.recorder.of(RedisCommandContext.class).isEmpty());
			assertThat(this.recorder.of(RedisCommandContext.class).get(0).getError()).isNotNull();
		});
	}

	@Test
	void asynchronousReadsAreObservedUntilTheirValueArrives() {
		this.runner.withBean(ObservationRegistry.class, () -> this.registry).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("books");
			cache.put("async", "value");
			assertThat(cache.retrieve("async").join()).isNotNull();
			assertThat(cache.retrieve("absent").join()).isNull();
			// Stopped as the value arrives, on the thread that completes it: possibly just after join() returned.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.recorder.operations()).containsExactly("put books success",
						"get books hit", "get books miss"));
		});
	}

	@Test
	void aConventionBeanReplacesTheDefaultOne() {
		this.runner.withBean(ObservationRegistry.class, () -> this.registry)
			.withPropertyValues(COMMANDS_OBSERVED)
			.withBean(CacheOperationObservationConvention.class, () -> new DefaultCacheOperationObservationConvention() {

				@Override
				public String getName() {
					return "shop.cache";
				}

			})
			.run((context) -> {
				context.getBean(BookService.class).find("convention");
				assertThat(this.recorder.of(CacheOperationContext.class)).extracting(Observation.Context::getName)
					.containsOnly("shop.cache");
				assertThat(this.recorder.of(RedisCommandContext.class)).extracting(Observation.Context::getName)
					.containsOnly(DefaultRedisCommandObservationConvention.NAME);
			});
	}

	@Test
	void withMetricsEachOperationIsATimerTaggedWithCacheOperationAndResult() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		this.runner.withBean(ObservationRegistry.class, () -> observations)
			.withPropertyValues(COMMANDS_OBSERVED)
			.run((context) -> {
			BookService books = context.getBean(BookService.class);
			books.find("timed");
			books.find("timed");
			Timer hits = meters.get("azure.redis.cache.operations")
				.tags("cache", "books", "operation", "get", "result", "hit", "error", "none")
				.timer();
			assertThat(hits.count()).isEqualTo(1);
			assertThat(meters.get("azure.redis.commands").tags("db.operation", "SET").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void nothingIsObservedWithoutARegistryOrWhenTurnedOff() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(AzureRedisObservations.class);
			assertThat(context.getBean(BookService.class).find("unobserved").title()).isEqualTo("Title of unobserved");
		});
		this.runner.withBean(ObservationRegistry.class, () -> this.registry)
			.withPropertyValues("azure.redis.observations.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(AzureRedisObservations.class);
				context.getBean(BookService.class).find("unobserved");
				assertThat(this.recorder.contexts).isEmpty();
			});
	}

	private static Map<String, String> tags(Observation.Context context) {
		return context.getLowCardinalityKeyValues()
			.stream()
			.collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
	}

	/** Keeps every stopped observation's context, in order. */
	static final class Recorder implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context) {
			this.contexts.add(context);
		}

		<T> List<T> of(Class<T> type) {
			return this.contexts.stream().filter(type::isInstance).map(type::cast).toList();
		}

		List<String> operations() {
			return of(CacheOperationContext.class).stream()
				.map((context) -> context.getOperation().tag() + " " + context.getCacheName() + " "
						+ context.getResult().tag())
				.toList();
		}

		List<String> contextualNames() {
			return this.contexts.stream().map(Observation.Context::getContextualName).toList();
		}

	}

}
