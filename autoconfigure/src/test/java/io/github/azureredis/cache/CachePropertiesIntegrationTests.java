package io.github.azureredis.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.azureredis.support.BookService;
import io.github.azureredis.support.BookService.Book;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.SlowService;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.cache.CacheStatistics;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Every cache property changes what is stored in a real Redis: key names, expiries, bytes.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
@ExtendWith(OutputCaptureExtension.class)
class CachePropertiesIntegrationTests {

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void flush() {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	@Test
	void keyPrefixIsPrependedToCacheKeys() {
		this.runner.withPropertyValues("spring.cache.redis.key-prefix=app1:").run((context) -> {
			context.getBean(BookService.class).find("42");
			awaitKeys("app1:books::42");
		});
	}

	@Test
	void keyPrefixCanBeTurnedOff() {
		this.runner.withPropertyValues("spring.cache.redis.use-key-prefix=false").run((context) -> {
			context.getBean(BookService.class).find("42");
			awaitKeys("42");
		});
	}

	@Test
	void nullValuesAreCachedByDefault() {
		this.runner.run((context) -> {
			cache(context, "books").put("none", null);
			// Spring Data's null marker, recognised on read by comparing bytes.
			assertThat(keys()).containsExactly("books::none");
			assertThat(cache(context, "books").get("none")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
		});
	}

	@Test
	void nullValuesCanBeRefused() {
		this.runner.withPropertyValues("spring.cache.redis.cache-null-values=false").run((context) -> {
			assertThatIllegalArgumentException().isThrownBy(() -> cache(context, "books").put("none", null))
				.withMessageContaining("does not allow 'null' values");
			assertThat(keys()).isEmpty();
		});
	}

	@Test
	void perCacheNullValuesOverrideTheDefault() {
		this.runner.withPropertyValues("azure.redis.cache.caches.strict.cache-null-values=false").run((context) -> {
			assertThatIllegalArgumentException().isThrownBy(() -> cache(context, "strict").put("none", null));
			cache(context, "books").put("none", null);
			assertThat(keys()).containsExactly("books::none");
		});
	}

	@Test
	void defaultTimeToLiveAndPerCacheTimeToLive() {
		this.runner
			.withPropertyValues("spring.cache.redis.time-to-live=10m", "azure.redis.cache.caches.short.time-to-live=2s")
			.run((context) -> {
				cache(context, "books").put("k", "v");
				cache(context, "short").put("k", "v");
				cache(context, "unlisted").put("k", "v");
				try (RespClient client = redis.client()) {
					assertThat(client.integer("PTTL", "books::k")).isBetween(590_000L, 600_000L);
					assertThat(client.integer("PTTL", "unlisted::k")).isBetween(590_000L, 600_000L);
					assertThat(client.integer("PTTL", "short::k")).isBetween(1L, 2000L);
				}
			});
	}

	@Test
	void noTimeToLiveMeansNoExpiry() {
		this.runner.run((context) -> {
			cache(context, "books").put("k", "v");
			try (RespClient client = redis.client()) {
				assertThat(client.integer("PTTL", "books::k")).isEqualTo(-1);
			}
		});
	}

	@Test
	void maxIdleRestartsTheExpiryOnEveryRead() {
		this.runner.withPropertyValues("azure.redis.cache.caches.idle.max-idle=3s").run((context) -> {
			Cache cache = cache(context, "idle");
			cache.put("k", "v");
			try (RespClient client = redis.client()) {
				// Redis's own clock: some of the entry's idle time has run out.
				await().atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> client.integer("PTTL", "idle::k") < 2000);
				long before = client.integer("PTTL", "idle::k");
				assertThat(cache.get("k")).isNotNull();
				assertThat(client.integer("PTTL", "idle::k")).as("remaining life after a read (%d ms before)", before)
					.isGreaterThan(before);
			}
		});
	}

	@Test
	void unsupportedMaxSizeFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("azure.redis.cache.caches.books.max-size=100")
			.run((context) -> assertInvalid(context, "azure.redis.cache.caches.books.max-size"));
	}

	@Test
	void timeToLiveWithMaxIdleFailsStartUp() {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.books.time-to-live=1m",
					"azure.redis.cache.caches.books.max-idle=1m")
			.run((context) -> assertInvalid(context, "azure.redis.cache.caches.books.max-idle"));
	}

	@Test
	void negativeTimeToLiveFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("spring.cache.redis.time-to-live=-5s")
			.run((context) -> assertInvalid(context, "spring.cache.redis.time-to-live"));
		this.runner.withPropertyValues("azure.redis.cache.caches.books.time-to-live=-5s")
			.run((context) -> assertInvalid(context, "azure.redis.cache.caches.books.time-to-live"));
	}

	@Test
	void malformedValueFailsStartUpNamingTheKey() {
		this.runner.withPropertyValues("azure.redis.cache.max-value-size=ten")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'azure.redis.cache.max-value-size'"));
	}

	@Test
	void unknownKeyFailsStartUpNamingTheKey() {
		this.runner.withPropertyValues("azure.redis.cache.time-to-live=10m")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("azure.redis.cache.time-to-live"));
	}

	@Test
	void statisticsAreCollectedWhenEnabled() {
		this.runner.withPropertyValues("spring.cache.redis.enable-statistics=true").run((context) -> {
			BookService books = context.getBean(BookService.class);
			books.find("1");
			books.find("1");
			books.find("1");
			RedisCache cache = (RedisCache) cache(context, "books");
			assertThat(cache.getStatistics().getHits()).isEqualTo(2);
			assertThat(cache.getStatistics().getMisses()).isEqualTo(1);
			assertThat(cache.getStatistics().getPuts()).isEqualTo(1);
		});
		this.runner.run((context) -> {
			context.getBean(BookService.class).find("2");
			assertThat(((RedisCache) cache(context, "books")).getStatistics().getMisses()).isZero();
		});
	}

	@Test
	void aSynchronizedMissReadsRedisOnceAndCountsOneGetAndOneMiss() {
		// The reads of one instance: the lease's commands across instances are LeaseTests' (its script reads the lease).
		this.runner.withBean(SlowService.class)
			.withPropertyValues("spring.cache.redis.enable-statistics=true", "azure.redis.cache.lease.enabled=false")
			.run((context) -> {
				SlowService service = context.getBean(SlowService.class);
				try (RespClient client = redis.client()) {
					client.require("CONFIG", "RESETSTAT");
					service.reportSynchronized("once");
					assertThat(readCommands(client)).isEqualTo(1);
					CacheStatistics statistics = ((RedisCache) cache(context, "reports")).getStatistics();
					assertThat(statistics.getGets()).isEqualTo(1);
					assertThat(statistics.getMisses()).isEqualTo(1);
					// The fill of the miss counts once Redis acknowledged it, after the call returned.
					await().atMost(Duration.ofSeconds(10))
						.until(() -> ((RedisCache) cache(context, "reports")).getStatistics().getPuts(), (puts) -> puts == 1);
					service.reportSynchronized("once");
					assertThat(readCommands(client)).isEqualTo(2);
					statistics = ((RedisCache) cache(context, "reports")).getStatistics();
					assertThat(statistics.getGets()).isEqualTo(2);
					assertThat(statistics.getHits()).isEqualTo(1);
					assertThat(service.calls()).isEqualTo(1);
				}
			});
	}

	private static long readCommands(RespClient client) {
		return client.commandCalls("get", "mget");
	}

	@Test
	void timeToIdleOfARedisCacheConfigurationBeanWithTheNearCacheFailsStartUpNamingWhatToChange() {
		this.runner.withPropertyValues("azure.redis.cache.near-cache.enabled=true")
			.withBean(RedisCacheConfiguration.class,
					() -> RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMinutes(5)).enableTimeToIdle())
			.run((context) -> {
				assertInvalid(context, "azure.redis.cache.near-cache.enabled");
				assertThat(context).getFailure().hasStackTraceContaining("enableTimeToIdle()");
			});
		this.runner.withPropertyValues("azure.redis.cache.caches.sessions.near-cache=true")
			.withBean(RedisCacheManagerBuilderCustomizer.class,
					() -> (builder) -> builder.withCacheConfiguration("sessions", RedisCacheConfiguration
						.defaultCacheConfig()
						.entryTtl(Duration.ofMinutes(5))
						.enableTimeToIdle()))
			.run((context) -> assertInvalid(context, "azure.redis.cache.caches.sessions.near-cache"));
	}

	@Test
	void theCacheWriterRunsCallbacksOnAConnectionOfTheSameClient() {
		this.runner.run((context) -> {
			context.getBean(BookService.class).find("1");
			RedisCacheWriter writer = (RedisCacheWriter) cache(context, "books").getNativeCache();
			Long keys = writer.execute((connection) -> connection.serverCommands().dbSize());
			assertThat(keys).isEqualTo(1L);
		});
	}

	@Test
	void cachesAreNotCreatedOnFirstUseWhenDynamicCreationIsOff() {
		this.runner
			.withPropertyValues("azure.redis.cache.dynamic=false", "spring.cache.cache-names=books",
					"azure.redis.cache.caches.listed.time-to-live=1m")
			.run((context) -> {
				CacheManager cacheManager = context.getBean(CacheManager.class);
				assertThat(cacheManager.getCacheNames()).containsExactlyInAnyOrder("books", "listed");
				assertThat(cacheManager.getCache("unlisted")).isNull();
			});
	}

	@Test
	void transactionAwareWritesWaitForTheCommit() {
		this.runner.withPropertyValues("azure.redis.cache.transaction-aware=true")
			.withBean(NoOpTransactionManager.class)
			.run((context) -> {
				Cache cache = cache(context, "books");
				new TransactionTemplate(context.getBean(NoOpTransactionManager.class)).executeWithoutResult((status) -> {
					cache.put("k", "v");
					assertThat(keys()).as("inside the transaction").isEmpty();
				});
				assertThat(keys()).as("after the commit").containsExactly("books::k");
			});
	}

	@Test
	void valuesAreJsonByDefaultAndJavaSerializedOnRequest() {
		this.runner.run((context) -> {
			context.getBean(BookService.class).find("7");
			awaitKeys("books::7");
			assertThat(string("books::7")).startsWith("[\"io.github.azureredis.support.BookService$Book\",{");
		});
		flush();
		this.runner.withPropertyValues("azure.redis.cache.serialization=jdk").run((context) -> {
			context.getBean(BookService.class).find("7");
			awaitKeys("books::7");
			byte[] bytes = bytes("books::7");
			assertThat(bytes[0] & 0xff).isEqualTo(0xac);
			assertThat(bytes[1] & 0xff).isEqualTo(0xed);
			assertThat(context.getBean(BookService.class).find("7").title()).isEqualTo("Title of 7");
		});
	}

	@Test
	void valueOverTheMaximumSizeIsNotCachedAndItsOldEntryIsEvicted(CapturedOutput output) {
		this.runner.withPropertyValues("azure.redis.cache.max-value-size=200B").run((context) -> {
			BookService books = context.getBean(BookService.class);
			books.find("9");
			awaitKeys("books::9");
			Book renamed = books.rename("9", "x".repeat(500));
			assertThat(renamed.title()).hasSize(500);
			assertThat(keys()).isEmpty();
			assertThat(output).contains("exceeds azure.redis.cache.max-value-size (200 bytes)");
			assertThat(books.find("9").title()).isEqualTo("Title of 9");
		});
	}

	@Test
	void valueOverTheMaximumSizeFromAnAsynchronousLoaderIsReturnedUncached(CapturedOutput output) {
		this.runner.withPropertyValues("azure.redis.cache.max-value-size=200B").run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("reports");
			assertThat(cache).isNotNull();
			String large = "x".repeat(500);
			assertThat(cache.retrieve("large", () -> CompletableFuture.completedFuture(large)).join()).isEqualTo(large);
			assertThat(keys()).isEmpty();
			assertThat(output).contains("exceeds azure.redis.cache.max-value-size (200 bytes)");
			assertThat(cache.retrieve("small", () -> CompletableFuture.completedFuture("small")).join())
				.isEqualTo("small");
			assertThat(keys()).containsExactly("reports::small");
		});
	}

	@Test
	void twoInstancesShareTheCache() {
		this.runner.run((first) -> this.runner.run((second) -> {
			BookService writer = first.getBean(BookService.class);
			BookService reader = second.getBean(BookService.class);
			writer.rename("11", "Written by the first instance");
			assertThat(reader.find("11").title()).isEqualTo("Written by the first instance");
			assertThat(reader.lookups()).isZero();
		}));
	}

	@Test
	void aValueOfAClassOutsideTheAllowListIsRefusedOnReadAndReplaced(CapturedOutput output) {
		int instancesBefore = io.github.azureredis.outside.Intruder.INSTANCES.get();
		try (RespClient client = redis.client()) {
			client.require("SET", "books::13", "[\"io.github.azureredis.outside.Intruder\",{\"command\":\"x\"}]");
		}
		this.runner.run((context) -> {
			BookService books = context.getBean(BookService.class);
			assertThat(books.find("13").title()).isEqualTo("Title of 13");
			assertThat(books.lookups()).as("refused like a miss: the method ran").isEqualTo(1);
			assertThat(output).contains("Treating an unreadable value in cache 'books' as a miss")
				.contains("io.github.azureredis.outside.Intruder")
				.contains("azure.redis.cache.allowed-packages");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(string("books::13"))
					.startsWith("[\"io.github.azureredis.support.BookService$Book\""));
		});
		assertThat(io.github.azureredis.outside.Intruder.INSTANCES).hasValue(instancesBefore);
	}

	@Test
	void aValueWrittenWithJavaSerializationIsAMissAfterSwitchingToJson() {
		this.runner.withPropertyValues("azure.redis.cache.serialization=jdk")
			.run((context) -> context.getBean(BookService.class).find("migrated"));
		this.runner.run((context) -> {
			BookService books = context.getBean(BookService.class);
			assertThat(books.find("migrated").title()).isEqualTo("Title of migrated");
			assertThat(books.lookups()).isEqualTo(1);
			assertThat(books.find("migrated").title()).isEqualTo("Title of migrated");
			assertThat(books.lookups()).isEqualTo(1);
		});
	}

	private static void assertInvalid(org.springframework.boot.test.context.assertj.AssertableApplicationContext context,
			String property) {
		assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.satisfies((ex) -> assertThat(((InvalidConfigurationPropertyValueException) ex).getName())
				.isEqualTo(property));
	}

	private static Cache cache(org.springframework.context.ApplicationContext context, String name) {
		Cache cache = context.getBean(CacheManager.class).getCache(name);
		assertThat(cache).as("cache %s", name).isNotNull();
		return cache;
	}

	@SuppressWarnings("unchecked")
	/** Waits for the keys another client sees: the fill after a miss is not waited for. */
	private static void awaitKeys(String... expected) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(keys()).containsExactly(expected));
	}

	private static List<String> keys() {
		try (RespClient client = redis.client()) {
			return ((List<byte[]>) client.require("KEYS", "*")).stream()
				.map((key) -> new String(key, StandardCharsets.UTF_8))
				.toList();
		}
	}

	private static String string(String key) {
		return new String(bytes(key), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String key) {
		try (RespClient client = redis.client()) {
			return (byte[]) client.require("GET", key);
		}
	}

	/** A transaction manager with no resource: enough for Spring's transaction synchronization. */
	static class NoOpTransactionManager extends AbstractPlatformTransactionManager {

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
