package io.github.azureredis.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.support.shapes.SameValue;
import io.github.azureredis.support.shapes.ShapeService;
import io.github.azureredis.support.shapes.ShapesConfiguration;
import io.github.azureredis.support.shapes.ValueShapes;
import io.github.azureredis.support.shapes.ValueShapes.Customer;
import io.github.azureredis.support.shapes.ValueShapes.Shape;
import io.github.azureredis.testsupport.GeneratedDocs;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value shape of {@link ValueShapes} through a real {@code @Cacheable} method against a real Redis: the second
 * call is a hit, and the value it returns is equal to the one put, with the same class at every level. Through the
 * starter's Spring cache, with the near cache on, through its JCache manager, with Java serialization, and, for
 * comparison, through Spring Boot's default Redis cache (Java serialization, which fails the call for a value that is
 * not {@code Serializable}). The outcomes are the table of docs/caching.md ({@link GeneratedDocs}).
 */
@Tag("integration")
class ValueShapeMatrixTests {

	private static final String OK = "ok";

	private static final String NOT_CACHED = "not cached";

	private static RedisServer redis;

	private static final Map<String, Map<String, String>> table = new LinkedHashMap<>();

	/** The modes of the table in docs/caching.md, and their headings there. */
	private static final Map<String, String> DOCUMENTED_MODES = documentedModes();

	private static Map<String, String> documentedModes() {
		Map<String, String> modes = new LinkedHashMap<>();
		modes.put("this starter (JSON)", "This starter (JSON)");
		modes.put("serialization=jdk", "`serialization=jdk`");
		modes.put("Spring Boot's default cache", "Spring Boot's default cache");
		return modes;
	}

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedisAndWriteTable() {
		redis.close();
		if (!table.keySet().containsAll(DOCUMENTED_MODES.keySet())) {
			return;
		}
		StringBuilder markdown = new StringBuilder("| Value | " + String.join(" | ", DOCUMENTED_MODES.values())
				+ " |\n|---|" + "---|".repeat(DOCUMENTED_MODES.size()) + "\n");
		for (Shape shape : ValueShapes.all()) {
			markdown.append("| ").append(shape.name()).append(" |");
			DOCUMENTED_MODES.keySet()
				.forEach((mode) -> markdown.append(' ').append(documented(table.get(mode).get(shape.name()))).append(" |"));
			markdown.append('\n');
		}
		GeneratedDocs.check("docs/caching.md", "value-shapes", markdown.toString());
	}

	private static String documented(String outcome) {
		if (outcome.equals(OK)) {
			return "yes";
		}
		if (outcome.equals(NOT_CACHED)) {
			return "not cached, call succeeds";
		}
		return outcome.startsWith("call fails: ") ? "**call fails** (`" + outcome.substring(12) + "`)" : outcome;
	}

	@BeforeEach
	void emptyRedis() {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withUserConfiguration(ShapesConfiguration.class)
			.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port())
			.withPropertyValues(properties);
	}

	@Test
	void everyShapeReadsBackAsPut() {
		runner().run((context) -> {
			ShapeService service = context.getBean(ShapeService.class);
			assertThat(outcomes("this starter (JSON)", service, 2)).allSatisfy((shape, outcome) -> assertThat(outcome)
				.as(shape)
				.isEqualTo(OK));
			// Spring unwraps an Optional before caching and wraps it again on a hit.
			assertThat(service.optional("o1")).contains(ValueShapes.item("o1"));
			assertThat(service.optional("o1")).contains(ValueShapes.item("o1"));
			assertThat(service.calls()).isEqualTo(ValueShapes.all().size() + 1);
		});
	}

	@Test
	void everyShapeReadsBackAsPutFromTheNearCache() {
		runner("azure.redis.cache.near-cache.enabled=true").run((context) -> {
			AzureRedisCacheManager manager = context.getBean(AzureRedisCacheManager.class);
			org.awaitility.Awaitility.await().until(manager::isNearCacheReady);
			ShapeService service = context.getBean(ShapeService.class);
			// A miss, a hit from Redis that keeps a local copy, a hit from the local copy.
			assertThat(outcomes("near cache on", service, 3)).allSatisfy((shape, outcome) -> assertThat(outcome)
				.as(shape)
				.isEqualTo(OK));
			assertThat(((AzureRedisCache) manager.getCache("shapes")).localSize()).isEqualTo(ValueShapes.all().size());
		});
	}

	@Test
	void nearCacheSharesImmutableValuesAndCopiesTheOthers() {
		runner("azure.redis.cache.near-cache.enabled=true").run((context) -> {
			org.awaitility.Awaitility.await().until(context.getBean(AzureRedisCacheManager.class)::isNearCacheReady);
			ShapeService service = context.getBean(ShapeService.class);
			String record = "record";
			String pojo = "POJO with setters";
			String list = "ArrayList of Longs";
			for (String name : List.of(record, pojo, list)) {
				service.get(name);
				service.get(name);
			}
			assertThat(service.get(record)).isSameAs(service.get(record));
			Customer customer = (Customer) service.get(pojo);
			customer.setName("Changed by one caller");
			customer.getTags().clear();
			assertThat(service.get(pojo)).isEqualTo(ValueShapes.named(pojo).value().get());
			@SuppressWarnings("unchecked")
			List<Long> longs = (List<Long>) service.get(list);
			longs.add(99L);
			assertThat(service.get(list)).isEqualTo(List.of(1L, 2L));
			assertThat(service.calls()).isEqualTo(3);
		});
	}

	@Test
	void everyShapeReadsBackAsPutThroughJCache() {
		runner("spring.cache.type=jcache").run((context) -> {
			assertThat(context).hasSingleBean(javax.cache.CacheManager.class);
			ShapeService service = context.getBean(ShapeService.class);
			assertThat(outcomes("JCache", service, 2)).allSatisfy((shape, outcome) -> assertThat(outcome)
				.as(shape)
				.isEqualTo(OK));
		});
	}

	@Test
	void javaSerializationCachesSerializableValuesAndSkipsTheOthers() {
		runner("azure.redis.cache.serialization=jdk").run((context) -> {
			Map<String, String> outcomes = outcomes("serialization=jdk", context.getBean(ShapeService.class), 2);
			for (Shape shape : ValueShapes.all()) {
				assertThat(outcomes.get(shape.name())).as(shape.name())
					.isEqualTo(javaSerializable(shape.value().get()) ? OK : NOT_CACHED);
			}
		});
	}

	@Test
	void springBootsDefaultCacheFailsTheCallForWhatJavaSerializationCannotWrite() {
		runner().withUserConfiguration(SpringBootDefaultCache.class).run((context) -> {
			assertThat(context.getBean(CacheManager.class)).isExactlyInstanceOf(RedisCacheManager.class);
			Map<String, String> outcomes = outcomes("Spring Boot's default cache", context.getBean(ShapeService.class),
					2);
			for (Shape shape : ValueShapes.all()) {
				assertThat(outcomes.get(shape.name())).as(shape.name())
					.startsWith(javaSerializable(shape.value().get()) ? OK : "call fails");
			}
		});
	}

	private static Map<String, String> outcomes(String mode, ShapeService service, int calls) {
		Map<String, String> outcomes = new LinkedHashMap<>();
		for (Shape shape : ValueShapes.all()) {
			outcomes.put(shape.name(), outcome(service, shape, calls));
		}
		table.put(mode, outcomes);
		return outcomes;
	}

	private static String outcome(ShapeService service, Shape shape, int calls) {
		int before = service.calls();
		List<Object> results = new ArrayList<>();
		try {
			for (int i = 0; i < calls; i++) {
				results.add(service.get(shape.name()));
			}
		}
		catch (RuntimeException ex) {
			return "call fails: " + ex.getClass().getSimpleName();
		}
		for (Object result : results) {
			String difference = SameValue.difference(shape.value().get(), result);
			if (difference != null) {
				return "WRONG: " + difference;
			}
		}
		return (service.calls() - before == 1) ? OK : NOT_CACHED;
	}

	private static boolean javaSerializable(Object value) {
		try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
			out.writeObject(value);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SpringBootDefaultCache {

		@Bean
		CacheManager cacheManager(RedisConnectionFactory connectionFactory) {
			return RedisCacheManager.create(connectionFactory);
		}

	}

}
