package io.github.azureredis.cache;

import javax.cache.CacheException;

import io.github.azureredis.values.UncacheableValueException.Reason;
import io.github.azureredis.jcache.AzureRedisJCacheManager;
import io.github.azureredis.metrics.AzureRedisMetricsAutoConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.support.shapes.ShapesConfiguration;
import io.github.azureredis.support.shapes.UncacheableService;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A value that cannot be cached faithfully is not cached: the annotated method's call succeeds with its result, one
 * warning per class says why and what to do, a meter counts such values, and the key's older entry is evicted.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class UncacheableValuesTests {

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(AzureRedisMetricsAutoConfiguration.class))
		.withUserConfiguration(ShapesConfiguration.class)
		.withBean(UncacheableService.class)
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
	void aClassJacksonCannotCreateIsNotCachedAndTheCallSucceeds(CapturedOutput output) {
		this.runner.run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			assertThat(service.inner("a").id()).isEqualTo("a");
			assertThat(service.inner("a").id()).isEqualTo("a");
			assertThat(service.inner("b").id()).isEqualTo("b");
			assertThat(service.calls()).isEqualTo(3);
			try (RespClient client = redis.client()) {
				assertThat(client.integer("EXISTS", "uncacheable::a")).isZero();
			}
			assertThat(count(context, Reason.NOT_FAITHFUL)).isEqualTo(3);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			assertThat(registry.get("azure.redis.cache.uncacheable")
				.tag("cache", "uncacheable")
				.tag("reason", "not-faithful")
				.functionCounter()
				.count()).isEqualTo(3);
		});
		String warning = "Not caching a value in cache 'uncacheable': values of class "
				+ UncacheableService.Inner.class.getName() + " are not cached: it cannot be read back from JSON";
		assertThat(output.getOut()).containsOnlyOnce(warning).contains("@JsonCreator");
	}

	@Test
	void anOptionalWhereJacksonWritesOnlyItsContentIsNotCachedRatherThanReadBackAsItsContent() {
		this.runner.run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			service.optionalInObjectField("x");
			assertThat(service.optionalInObjectField("x").payload()).isEqualTo(java.util.Optional.of("x"));
			assertThat(service.calls()).isEqualTo(2);
			assertThat(count(context, Reason.NOT_FAITHFUL)).isEqualTo(2);
		});
	}

	@Test
	void aClassOutsideTheAllowedPackagesIsNotCachedAndTheWarningNamesTheProperty(CapturedOutput output) {
		this.runner.run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			service.intruder("i");
			service.intruder("i");
			assertThat(service.calls()).isEqualTo(2);
			assertThat(count(context, Reason.NOT_ALLOWED)).isEqualTo(2);
		});
		assertThat(output.getOut()).containsOnlyOnce("values of class io.github.azureredis.outside.Intruder are not "
				+ "cached: class io.github.azureredis.outside.Intruder is not allowed: its package is not in "
				+ "azure.redis.cache.allowed-packages")
			.contains("Add the package to azure.redis.cache.allowed-packages");
	}

	@Test
	void allowedPackagesAddToTheApplicationsOwn() {
		this.runner.withPropertyValues("azure.redis.cache.allowed-packages=io.github.azureredis.outside").run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			service.intruder("i");
			service.intruder("i");
			service.profile("p");
			service.profile("p");
			// The class of the added package, and the application's own.
			assertThat(service.calls()).isEqualTo(2);
			assertThat(count(context, Reason.NOT_ALLOWED)).isZero();
		});
	}

	@Test
	void aClassFirstHeldByALaterValueIsCheckedWhenItFirstComes(CapturedOutput output) {
		this.runner.run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			// The first value has no Tag: its record is checked, and cached.
			service.order("untagged-1");
			service.order("untagged-1");
			assertThat(service.calls()).isEqualTo(1);
			// The first Tag is checked when it comes: it does not read back, so it is not cached, rather than
			// cached and never read.
			service.order("tagged-1");
			service.order("tagged-1");
			assertThat(service.calls()).isEqualTo(3);
			assertThat(context.getBean(AzureRedisCacheManager.class).uncacheableValues()
				.count("orders", Reason.NOT_FAITHFUL)).isEqualTo(2);
		});
		assertThat(output.getOut()).containsOnlyOnce("values of class "
				+ UncacheableService.Order.class.getName() + " holding " + UncacheableService.Tag.class.getName()
				+ " are not cached: it cannot be read back from JSON");
	}

	@Test
	void aValueThatCannotBeReadIsNotCachedAgainAndAgain() {
		this.runner.run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			// Short numbers are checked and cached; a longer one than Jackson reads is written once, found
			// unreadable, and from then on checked, and not cached.
			service.number(10);
			service.number(10);
			assertThat(service.calls()).isEqualTo(1);
			for (int i = 0; i < 5; i++) {
				assertThat(service.number(1200)).hasToString("7".repeat(1200));
			}
			assertThat(service.calls()).isEqualTo(6);
			try (RespClient client = redis.client()) {
				assertThat(client.integer("EXISTS", "numbers::1200")).as("the unreadable entry, evicted").isZero();
			}
			assertThat(context.getBean(AzureRedisCacheManager.class).uncacheableValues()
				.count("numbers", Reason.NOT_FAITHFUL)).isEqualTo(4);
		});
	}

	@Test
	void aMapSubclassWithAFieldIsNotCachedRatherThanReadBackWithoutIt(CapturedOutput output) {
		this.runner.run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			assertThat(service.ownedMap("ada").owner()).isEqualTo("ada");
			assertThat(service.ownedMap("ada").owner()).isEqualTo("ada");
			assertThat(service.calls()).isEqualTo(2);
		});
		assertThat(output.getOut()).contains(UncacheableService.OwnedMap.class.getName()
				+ " extends a JDK collection or map, which Jackson writes as its elements or entries only: its fields "
				+ "[owner] would be lost");
	}

	@Test
	void aPutOfAValueThatIsNotCachedEvictsTheOlderEntry() {
		this.runner.run((context) -> {
			try (RespClient client = redis.client()) {
				client.require("SET", "uncacheable::old", "[\"java.lang.Long\",1]");
				context.getBean(UncacheableService.class).replace("old");
				assertThat(client.integer("EXISTS", "uncacheable::old")).isZero();
			}
		});
	}

	@Test
	void withJavaSerializationAClassThatIsNotSerializableIsNotCachedAndTheCallSucceeds(CapturedOutput output) {
		this.runner.withPropertyValues("azure.redis.cache.serialization=jdk").run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			assertThat(service.profile("p").nickname()).contains("p");
			assertThat(service.profile("p").nickname()).contains("p");
			assertThat(service.calls()).isEqualTo(2);
			assertThat(count(context, Reason.NOT_FAITHFUL)).isEqualTo(2);
		});
		assertThat(output.getOut()).containsOnlyOnce("values of class "
				+ io.github.azureredis.support.shapes.ValueShapes.Profile.class.getName()
				+ " are not cached: they cannot be serialized")
			.contains("must implement java.io.Serializable");
	}

	@Test
	void throughJCacheAValueThatIsNotCachedLeavesTheCallSuccessful() {
		this.runner.withPropertyValues("spring.cache.type=jcache").run((context) -> {
			UncacheableService service = context.getBean(UncacheableService.class);
			assertThat(service.inner("j").id()).isEqualTo("j");
			assertThat(service.inner("j").id()).isEqualTo("j");
			assertThat(service.calls()).isEqualTo(2);
			// sync = true goes through an entry processor, whose result must still reach the caller.
			assertThat(service.innerSynchronized("s")).isNotNull().extracting(UncacheableService.Inner::id).isEqualTo("s");
			assertThat(service.innerSynchronized("s").id()).isEqualTo("s");
			assertThat(service.calls()).isEqualTo(4);
			javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class).getCache("uncacheable");
			cache.put("old", "an older value");
			service.replace("old");
			assertThat(cache.containsKey("old")).as("@CachePut of a value that is not cached evicts the older one").isFalse();
			assertThat(context.getBean(AzureRedisJCacheManager.class)
				.uncacheableValues()
				.count("uncacheable", Reason.NOT_FAITHFUL)).isEqualTo(5);
		});
	}

	@Test
	void aJCachePutOfAValueThatCannotBeStoredThrowsAndLeavesTheCacheAsItWas() {
		this.runner.withPropertyValues("azure.redis.jcache.enabled=true", "spring.cache.cache-names=uncacheable")
			.run((context) -> {
				javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class)
					.getCache("uncacheable");
				UncacheableService.Inner inner = new UncacheableService().replace("x");
				cache.put("old", "an older value");
				assertThatExceptionOfType(CacheException.class).isThrownBy(() -> cache.put("old", inner))
					.withMessageContaining("values of class " + UncacheableService.Inner.class.getTypeName())
					.withMessageNotContaining("serialization=jdk");
				assertThatExceptionOfType(CacheException.class).isThrownBy(() -> cache.getAndPut("old", inner));
				assertThatExceptionOfType(CacheException.class)
					.isThrownBy(() -> cache.putAll(java.util.Map.of("old", inner, "other", "fits")));
				assertThat(cache.get("old")).isEqualTo("an older value");
			});
	}

	@Test
	void throughJCacheAValueOverTheMaximumSizeIsNotCachedAndTheCallSucceeds() {
		this.runner
			.withPropertyValues("spring.cache.type=jcache", "azure.redis.cache.max-value-size=200B",
					"spring.cache.cache-names=uncacheable")
			.run((context) -> {
				org.springframework.cache.Cache spring = context.getBean(org.springframework.cache.CacheManager.class)
					.getCache("uncacheable");
				spring.put("small", "fits");
				spring.put("large", "x".repeat(1000));
				javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class)
					.getCache("uncacheable");
				assertThat(cache.get("small")).isEqualTo("fits");
				assertThat(cache.containsKey("large")).isFalse();
				assertThatExceptionOfType(CacheException.class).isThrownBy(() -> cache.put("large", "x".repeat(1000)))
					.withMessageContaining("exceeds azure.redis.cache.max-value-size (200 bytes)");
				assertThat(context.getBean(AzureRedisJCacheManager.class)
					.uncacheableValues()
					.count("uncacheable", Reason.TOO_LARGE)).isEqualTo(2);
			});
	}

	private static long count(org.springframework.context.ApplicationContext context, Reason reason) {
		return context.getBean(AzureRedisCacheManager.class).uncacheableValues().count("uncacheable", reason);
	}

}
