package io.github.azureredis.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.cache.RedisCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code clear()} and {@code invalidate()} delete their own cache's entries and nothing else on a shared Redis: other
 * applications' caches of the same name (another {@code spring.cache.redis.key-prefix}), caches whose names start
 * with the same letters, and whatever a cache name with glob characters ({@code * ? [ ] \}) would match as a
 * {@code SCAN} pattern.
 */
@Tag("integration")
class ClearTests {

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
	void twoApplicationsWithTheirOwnKeyPrefixClearOnlyTheirOwnCache() {
		this.runner.withPropertyValues("spring.cache.redis.key-prefix=app1:").run((first) -> this.runner
			.withPropertyValues("spring.cache.redis.key-prefix=app2:")
			.run((second) -> {
				first.getBean(BookService.class).find("1");
				second.getBean(BookService.class).find("1");
				second.getBean(BookService.class).find("2");
				// Fills after a miss are not waited for: another client sees them once Redis has them.
				await().atMost(Duration.ofSeconds(10)).until(() -> keys().size() == 3);
				assertThat(keys()).containsExactly("app1:books::1", "app2:books::1", "app2:books::2");
				first.getBean(CacheManager.class).getCache("books").clear();
				assertThat(keys()).containsExactly("app2:books::1", "app2:books::2");
				first.getBean(BookService.class).find("3");
				assertThat(first.getBean(CacheManager.class).getCache("books").invalidate()).isTrue();
				assertThat(keys()).containsExactly("app2:books::1", "app2:books::2");
			}));
	}

	@Test
	void aCacheWhoseNameStartsAnotherOnesClearsOnlyItself() {
		this.runner.run((context) -> {
			CacheManager caches = context.getBean(CacheManager.class);
			for (String name : List.of("books", "books2", "book", "books-archive")) {
				caches.getCache(name).put("k", "v");
			}
			caches.getCache("books").clear();
			assertThat(keys()).containsExactly("book::k", "books-archive::k", "books2::k");
			caches.getCache("book").clear();
			assertThat(keys()).containsExactly("books-archive::k", "books2::k");
		});
	}

	@Test
	void globCharactersInACacheNameAreMatchedLiterally() {
		List<String> names = List.of("a*", "a?", "a[b]", "a[^b]", "a\\", "a\\*", "ab", "ax", "a[b", "a]");
		for (String cleared : names) {
			flush();
			this.runner.run((context) -> {
				CacheManager caches = context.getBean(CacheManager.class);
				for (String name : names) {
					caches.getCache(name).put("k", "v");
				}
				caches.getCache(cleared).clear();
				TreeSet<String> expected = new TreeSet<>();
				names.stream().filter((name) -> !name.equals(cleared)).forEach((name) -> expected.add(name + "::k"));
				assertThat(keys()).as("keys left after clearing '%s'", cleared).containsExactlyElementsOf(expected);
			});
		}
	}

	@Test
	void aKeyPrefixWithGlobCharactersIsMatchedLiterally() {
		this.runner.withPropertyValues("spring.cache.redis.key-prefix=tenant[1]*:").run((first) -> this.runner
			.withPropertyValues("spring.cache.redis.key-prefix=tenant1-other:")
			.run((second) -> {
				first.getBean(BookService.class).find("1");
				second.getBean(BookService.class).find("1");
				first.getBean(CacheManager.class).getCache("books").clear();
				assertThat(keys()).containsExactly("tenant1-other:books::1");
			}));
	}

	@Test
	void aPatternClearsTheMatchingEntriesOfItsCacheOnly() {
		this.runner.run((context) -> {
			CacheManager caches = context.getBean(CacheManager.class);
			Cache starred = caches.getCache("b*");
			starred.put("user:1", "v");
			starred.put("order:1", "v");
			caches.getCache("books").put("user:2", "v");
			((RedisCache) starred).clear("user:*");
			assertThat(keys()).containsExactly("b*::order:1", "books::user:2");
		});
	}

	private static List<String> keys() {
		try (RespClient client = redis.client()) {
			Object reply = client.require("KEYS", "*");
			TreeSet<String> keys = new TreeSet<>();
			for (Object key : (List<?>) reply) {
				keys.add(new String((byte[]) key, StandardCharsets.UTF_8));
			}
			return List.copyOf(keys);
		}
	}

}
