package io.github.azureredis.jcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.github.azureredis.support.BookService.Book;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.JsrBookService;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling upgrade from the release before keys by value and the marked value format: what that release wrote into
 * a JCache cache's hash (captured from it) reads as misses, never as values, and is replaced; the earlier release's
 * readers find no value in what this one writes ({@code JCacheValueFormatTests}). The warning about them does not
 * point to a weaker setting.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class RollingUpgradeTests {

	/** What the earlier release (e308271) wrote for {@code new Book("1", "Title of 1")} under key "1" (or 1L). */
	private static final String EARLIER_JSON = "[\"io.github.azureredis.support.BookService$Book\","
			+ "{\"isbn\":\"1\",\"title\":\"Title of 1\"}]";

	/** What it wrote for {@code new Book("2", "Title of 2")} with {@code azure.redis.cache.serialization=jdk}. */
	private static final String EARLIER_JAVA_SERIALIZATION = "aced00057372002d696f2e6769746875622e617a75726572656469"
			+ "732e737570706f72742e426f6f6b5365727669636524426f6f6b00000000000000000200024c00046973626e7400124c6a6176"
			+ "612f6c616e672f537472696e673b4c00057469746c6571007e000178707400013274000a5469746c65206f662032";

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withBean(JsrBookService.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"spring.cache.type=jcache");

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void writeAsTheEarlierReleaseDid() {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
			client.require("HSET", "jsr-books", "1", EARLIER_JSON);
			client.require("HSET", "jsr-books".getBytes(StandardCharsets.UTF_8), "2".getBytes(StandardCharsets.UTF_8),
					HexFormat.of().parseHex(EARLIER_JAVA_SERIALIZATION));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "jdk" })
	void entriesOfTheEarlierReleaseAreMissesAndAreReplaced(String serialization, CapturedOutput output) {
		this.runner.withPropertyValues("azure.redis.cache.serialization=" + serialization).run((context) -> {
			JsrBookService books = context.getBean(JsrBookService.class);
			assertThat(books.find("1")).isEqualTo(new Book("1", "Title of 1"));
			assertThat(books.find("2")).isEqualTo(new Book("2", "Title of 2"));
			assertThat(books.lookups()).isEqualTo(2);
			assertThat(books.find("1")).isEqualTo(new Book("1", "Title of 1"));
			assertThat(books.lookups()).as("replaced, in this release's format").isEqualTo(2);
			javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class)
				.getCache("jsr-books");
			assertThat(cache.get(1L)).as("the earlier release's \"1\" was also 1L's: not 1L's now").isNull();
			List<Object> keys = new ArrayList<>();
			cache.forEach((entry) -> keys.add(entry.getKey()));
			assertThat(keys).containsExactlyInAnyOrder("1", "2");
			try (RespClient client = redis.client()) {
				byte[] stored = (byte[]) client.require("HGET", "jsr-books", "1");
				assertThat(stored[0]).isEqualTo((byte) 0x01);
			}
		});
		assertThat(output).contains("Treating an unreadable JCache value as a miss: Cannot read a JCache value: it is "
				+ "not in this starter's JCache format (written by an earlier release of the starter, or by another "
				+ "application)")
			.doesNotContain("serialization=jdk");
	}

}
