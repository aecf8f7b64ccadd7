package io.github.azureredis.cache;

import java.nio.charset.StandardCharsets;

import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.KeyService;
import io.github.azureredis.support.KeyService.Isbn;
import io.github.azureredis.support.KeyService.Opaque;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What holds for the keys of the starter's Spring cache, which keeps Spring Data's (and so Spring Boot's) key names,
 * {@code <cache>::<key as a string>}, and what holds for the same {@code @Cacheable} methods with
 * {@code spring.cache.type=jcache}, whose keys are stored by value.
 */
@Tag("integration")
class SpringCacheKeysTests {

	private static final RedisServer redis = RedisServer.start();

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withBean(KeyService.class)
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
	void recordKeysAndMultiArgumentKeysAreNamedByTheirStringForm() {
		this.runner.run((context) -> {
			KeyService keys = context.getBean(KeyService.class);
			String isbn = keys.byRecord(new Isbn("978", 1));
			assertThat(keys.byRecord(new Isbn("978", 1))).isEqualTo(isbn);
			assertThat(keys.byRecord(new Isbn("978", 2))).isNotEqualTo(isbn);
			String two = keys.byTwo("a", "b");
			assertThat(keys.byTwo("a", "b")).isEqualTo(two);
			assertThat(keys.calls()).isEqualTo(3);
			try (RespClient client = redis.client()) {
				assertThat(client.integer("EXISTS", utf8("keys::Isbn[prefix=978, number=1]"))).isEqualTo(1);
				assertThat(client.integer("EXISTS", utf8("keys::SimpleKey [a, b]"))).isEqualTo(1);
			}
		});
	}

	@Test
	void keysWhoseStringFormsAreEqualShareAnEntryAsInSpringBootsRedisCache() {
		this.runner.run((context) -> {
			KeyService keys = context.getBean(KeyService.class);
			String byLong = keys.byLong(1L);
			assertThat(keys.byString("1")).as("1L and \"1\" are one key, keys::1").isEqualTo(byLong);
			String commas = keys.byTwo("a, b", "c");
			assertThat(keys.byTwo("a", "b, c")).as("SimpleKey [a, b, c] both").isEqualTo(commas);
			assertThat(keys.calls()).isEqualTo(2);
		});
	}

	@Test
	void aKeyWithoutItsOwnToStringIsRefusedAsSpringDataRefusesIt() {
		this.runner.run((context) -> assertThatIllegalStateException()
			.isThrownBy(() -> context.getBean(KeyService.class).byOpaque(new Opaque("x", 1)))
			.withMessageContaining("Cannot convert cache key")
			.withMessageContaining(Opaque.class.getName() + ".toString()"));
	}

	@Test
	void throughJCacheKeysAreStoredByValue() {
		this.runner.withPropertyValues("spring.cache.type=jcache").run((context) -> {
			KeyService keys = context.getBean(KeyService.class);
			String byLong = keys.byLong(1L);
			assertThat(keys.byString("1")).isNotEqualTo(byLong);
			assertThat(keys.byLong(1L)).isEqualTo(byLong);
			String commas = keys.byTwo("a, b", "c");
			assertThat(keys.byTwo("a", "b, c")).isNotEqualTo(commas);
			assertThat(keys.byTwo("a, b", "c")).isEqualTo(commas);
			String isbn = keys.byRecord(new Isbn("978", 1));
			assertThat(keys.byRecord(new Isbn("978", 1))).isEqualTo(isbn);
			String opaque = keys.byOpaque(new Opaque("x", 1));
			assertThat(keys.byOpaque(new Opaque("x", 1))).as("not Serializable, not a record: not cached")
				.isNotEqualTo(opaque);
			assertThat(keys.calls()).isEqualTo(7);
		});
	}

}
