package io.github.azureredis.jcache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

import io.github.azureredis.outside.Loaded;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.PlantedPayloads;
import io.github.azureredis.support.PlantedPayloads.Decoy;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What JCache stores in Redis and reads back from it, against a real Redis: keys of their class when a cache is
 * iterated, and nothing that someone else wrote into a cache's hash (keys or values naming classes outside the
 * allow-list, malformed data) is loaded, returned or keeps the cache from being cleared.
 */
@Tag("integration")
class JCacheStoredDataTests {

	private static final String OUTSIDE = "io.github.azureredis.outside.";

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"azure.redis.jcache.enabled=true");

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
	void aCacheOfLongKeysIteratesAsLongsAndKeepsEqualStringFormsApart() {
		this.runner.run((context) -> {
			Cache<Object, Object> cache = context.getBean(CacheManager.class)
				.createCache("prices", new MutableConfiguration<>());
			cache.put(1L, "price of 1L");
			cache.put(2L, "price of 2L");
			cache.put("1", "price of \"1\"");
			cache.put(1, "price of Integer 1");
			assertThat(cache.get(1L)).isEqualTo("price of 1L");
			assertThat(cache.get("1")).isEqualTo("price of \"1\"");
			assertThat(cache.get(1)).isEqualTo("price of Integer 1");
			Map<Object, Object> entries = new HashMap<>();
			cache.forEach((entry) -> entries.put(entry.getKey(), entry.getValue()));
			assertThat(entries).containsOnly(Map.entry(1L, "price of 1L"), Map.entry(2L, "price of 2L"),
					Map.entry("1", "price of \"1\""), Map.entry(1, "price of Integer 1"));
			try (RespClient client = redis.client()) {
				assertThat(client.integer("HLEN", "prices")).isEqualTo(4);
				assertThat(client.integer("HEXISTS", "prices", "1")).isEqualTo(1);
				assertThat(client.integer("HEXISTS", "prices", "\u0000L1")).isEqualTo(1);
			}
		});
	}

	@Test
	void plantedKeysAndValuesAreSkippedNeverLoadedAndClearedWithTheCache() {
		this.runner.run((context) -> {
			Cache<Object, Object> cache = context.getBean(CacheManager.class)
				.createCache("planted", new MutableConfiguration<>());
			cache.put("own", "own value");
			byte[] gadgetKey = typed('J', Base64.getEncoder()
				.encode(PlantedPayloads.javaSerialized(new Decoy(), OUTSIDE + "SerializedGadget")));
			byte[] nestedGadgetKey = typed('J', Base64.getEncoder()
				.encode(PlantedPayloads.javaSerialized(new ArrayList<>(List.of(new Decoy())),
						OUTSIDE + "NestedSerializedGadget")));
			byte[] gadgetValue = marked(PlantedPayloads.javaSerialized(Map.of("k", new Decoy()),
					OUTSIDE + "NestedSerializedGadget"));
			try (RespClient client = redis.client()) {
				client.require("HSET", "planted".getBytes(StandardCharsets.UTF_8), gadgetKey, marked("x"));
				client.require("HSET", "planted".getBytes(StandardCharsets.UTF_8), nestedGadgetKey, marked("x"));
				client.require("HSET", "planted".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xC3, 0x28 },
						marked("x"));
				client.require("HSET", "planted".getBytes(StandardCharsets.UTF_8),
						"planted value".getBytes(StandardCharsets.UTF_8), gadgetValue);
				client.require("HSET", "planted", "earlier release", "[\"java.lang.String\",\"a JSON value\"]");
			}
			assertThat(cache.get("planted value")).isNull();
			assertThat(cache.get("earlier release")).isNull();
			List<Object> keys = new ArrayList<>();
			cache.forEach((entry) -> keys.add(entry.getKey()));
			assertThat(keys).containsExactly("own");
			cache.removeAll();
			try (RespClient client = redis.client()) {
				assertThat(client.integer("EXISTS", "planted")).isZero();
			}
		});
		assertThat(Loaded.classes()).doesNotContain("SerializedGadget", "SerializedGadget.readObject",
				"NestedSerializedGadget", "NestedSerializedGadget.readObject");
	}

	private static byte[] typed(char form, byte[] text) {
		byte[] bytes = new byte[text.length + 2];
		bytes[1] = (byte) form;
		System.arraycopy(text, 0, bytes, 2, text.length);
		return bytes;
	}

	private static byte[] marked(String json) {
		return marked('J', ("[\"java.lang.String\",\"" + json + "\"]").getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] marked(byte[] javaSerialization) {
		return marked('S', javaSerialization);
	}

	private static byte[] marked(char format, byte[] content) {
		byte[] bytes = new byte[content.length + 2];
		bytes[0] = 0x01;
		bytes[1] = (byte) format;
		System.arraycopy(content, 0, bytes, 2, content.length);
		return bytes;
	}

}
