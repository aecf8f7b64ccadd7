package io.github.azureredis.cache;

import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.azureredis.values.UncacheableValueException.Reason;
import io.github.azureredis.jcache.AzureRedisJCacheManager;
import io.github.azureredis.metrics.AzureRedisMetricsAutoConfiguration;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.Resp;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A full Redis ({@code maxmemory} reached, {@code maxmemory-policy noeviction}) refuses every write with
 * {@code OOM}: cached calls return their values uncached, the refused writes are counted
 * ({@code azure.redis.cache.uncacheable{reason=redis-full}}) and warned at most once a minute, and reads and
 * evictions go on, through the Spring cache and through JCache.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class RedisFullTests {

	private static final Pattern USED_MEMORY = Pattern.compile("used_memory:(\\d+)");

	private final RedisServer redis = RedisServer.builder().config("maxmemory-policy", "noeviction").start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(AzureRedisMetricsAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redis.port());

	@AfterEach
	void stopRedis() {
		this.redis.close();
	}

	@Test
	void cachedCallsReturnTheirValuesWhileReadsAndEvictionsGoOn(CapturedOutput output) {
		this.runner.run((context) -> {
			BookService books = context.getBean(BookService.class);
			Cache cache = context.getBean(CacheManager.class).getCache("books");
			books.find("kept");
			books.find("evicted");
			// The writes after these misses are not waited for (pipelined fills): Redis is filled once they landed.
			((AzureRedisCache) cache).awaitFills();
			fill();
			assertThat(books.find("new").title()).isEqualTo("Title of new");
			assertThat(books.find("new").title()).isEqualTo("Title of new");
			assertThat(books.lookups()).as("method calls: 2 before Redis was full, 2 since").isEqualTo(4);
			assertThat(cache.get("sync", () -> "loaded")).isEqualTo("loaded");
			assertThat(cache.putIfAbsent("absent", "value")).isNull();
			assertThat(cache.retrieve("async", () -> CompletableFuture.completedFuture("loaded")).join())
				.isEqualTo("loaded");
			((AzureRedisCache) cache).awaitFills();
			assertThat(redisFullCount(context)).isEqualTo(5);
			assertThat(cache.get("sync")).isNull();
			// Reads and evictions go on.
			int lookups = books.lookups();
			assertThat(books.find("kept").title()).isEqualTo("Title of kept");
			assertThat(books.lookups()).as("a hit").isEqualTo(lookups);
			books.evict("evicted");
			assertThat(exists("books::evicted")).isFalse();
			MeterRegistry meters = new SimpleMeterRegistry();
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(meters));
			assertThat(meters.get("azure.redis.cache.uncacheable")
				.tag("cache", "books")
				.tag("reason", "redis-full")
				.functionCounter()
				.count()).isEqualTo(5);
		});
		assertThat(output.getOut()).containsOnlyOnce("Not caching a value in cache 'books': Redis is full")
			.contains("(OOM: its used memory is over maxmemory)")
			.contains("maxmemory-policy")
			.doesNotContain("books::new")
			.doesNotContain("CommandData");
	}

	/**
	 * Through Spring's cache abstraction on JCache a refused write leaves the call successful; a JCache user's own
	 * {@code put} stores or throws, as JSR-107 has it.
	 */
	@Test
	void throughJCacheAWriteRefusedByAFullRedisLeavesTheCallSuccessful() {
		this.runner.withPropertyValues("spring.cache.type=jcache").run((context) -> {
			BookService books = context.getBean(BookService.class);
			books.find("kept");
			books.find("evicted");
			fill();
			assertThat(books.find("new").title()).isEqualTo("Title of new");
			assertThat(books.find("new").title()).isEqualTo("Title of new");
			assertThat(books.lookups()).isEqualTo(4);
			javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class)
				.getCache("books");
			assertThatExceptionOfType(javax.cache.CacheException.class).isThrownBy(() -> cache.put("put", "value"))
				.withMessageStartingWith("Redis is full");
			assertThat(cache.containsKey("put")).isFalse();
			assertThat(context.getBean(AzureRedisJCacheManager.class).uncacheableValues().count("books",
					Reason.REDIS_FULL)).isEqualTo(3);
			int lookups = books.lookups();
			assertThat(books.find("kept").title()).isEqualTo("Title of kept");
			assertThat(books.lookups()).as("a hit").isEqualTo(lookups);
			assertThat(cache.remove("evicted")).isTrue();
			assertThat(cache.containsKey("evicted")).isFalse();
		});
	}

	/**
	 * Lets Redis fill up: a little room above what it uses now, then filler values until a write is refused; then
	 * the limit goes well below what it uses, so that buffers it frees later (a client's query buffer, a closed
	 * connection: once more than 100 KB on CI) leave no room for a small write.
	 */
	private void fill() {
		try (RespClient client = this.redis.client()) {
			client.require("CONFIG", "SET", "maxmemory", Long.toString(usedMemory(client) + 1_000_000));
			String filler = "x".repeat(10_000);
			for (int i = 0; i < 10_000; i++) {
				if (client.call("SET", "filler-" + i, filler) instanceof Resp.Error error) {
					assertThat(error.message()).startsWith("OOM");
					client.require("CONFIG", "SET", "maxmemory", Long.toString(usedMemory(client) - 1_000_000));
					return;
				}
			}
			throw new IllegalStateException("Redis did not fill up");
		}
	}

	private static long usedMemory(RespClient client) {
		Matcher used = USED_MEMORY.matcher(client.string("INFO", "memory"));
		assertThat(used.find()).isTrue();
		return Long.parseLong(used.group(1));
	}

	private boolean exists(String key) {
		try (RespClient client = this.redis.client()) {
			return client.integer("EXISTS", key) == 1;
		}
	}

	private static long redisFullCount(ApplicationContext context) {
		return context.getBean(AzureRedisCacheManager.class).uncacheableValues().count("books", Reason.REDIS_FULL);
	}

}
