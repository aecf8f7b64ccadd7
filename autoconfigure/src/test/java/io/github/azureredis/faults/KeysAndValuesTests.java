package io.github.azureredis.faults;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys and values that are awkward for Redis or for a codec round-trip exactly, and land in Redis under the key
 * Spring would name them by.
 */
@Tag("integration")
class KeysAndValuesTests {

	private static final List<String> AWKWARD = List.of("with spaces and\ttabs", "ключ", "日本語のキー", "emoji 🎉",
			"quotes \" and ' and \\ backslash", "\u0000\u0001\u00ff binary-looking", "::double::colons::", "*?[glob]",
			"a".repeat(2000), "");

	@Test
	void awkwardKeysAndValuesRoundTrip() {
		try (RedisServer redis = RedisServer.start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
				.run((context) -> {
					Cache cache = context.getBean(CacheManager.class).getCache("awkward");
					for (String text : AWKWARD) {
						cache.put(text, text);
					}
					for (String text : AWKWARD) {
						assertThat(cache.get(text, String.class)).as("value for key %s", text).isEqualTo(text);
					}
					try (RespClient client = redis.client()) {
						for (String text : AWKWARD) {
							assertThat(client.integer("EXISTS", ("awkward::" + text).getBytes(StandardCharsets.UTF_8)))
								.as("key %s", text)
								.isEqualTo(1);
						}
					}
					cache.evict("*?[glob]");
					assertThat(cache.get("*?[glob]")).isNull();
					assertThat(cache.get("with spaces and\ttabs")).as("a glob key evicts only itself").isNotNull();
				});
		}
	}

}
