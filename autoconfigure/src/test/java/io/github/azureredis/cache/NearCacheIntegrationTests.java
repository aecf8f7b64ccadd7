package io.github.azureredis.cache;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.cache.RedisCache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * The near cache, with two application instances (two contexts) on one real Redis.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
class NearCacheIntegrationTests {

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"azure.redis.cache.near-cache.enabled=true", "azure.redis.cache.near-cache.probe-interval=1s");

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void repeatedHitsAreServedFromMemoryWithoutACommand() {
		this.runner.run((context) -> {
			awaitReady(context);
			BookService books = context.getBean(BookService.class);
			books.find("1");
			books.find("1");
			long readsBefore = readCommands();
			for (int i = 0; i < 1000; i++) {
				assertThat(books.find("1").title()).isEqualTo("Title of 1");
			}
			assertThat(readCommands()).isEqualTo(readsBefore);
			assertThat(books.lookups()).isEqualTo(1);
		});
	}

	@Test
	void aConnectionClosedAfterTheNearCacheIsClosedIsIgnored() {
		this.runner.run((context) -> {
			NearCache nearCache = nearCache(context);
			nearCache.close();
			// As when the client closes its connections during shutdown, after the cache manager was destroyed.
			assertThatNoException().isThrownBy(() -> nearCache.disconnected(new InetSocketAddress("127.0.0.1", 6379)));
		});
	}

	@Test
	void anAsynchronousHitTellsNoOtherInstance() {
		// Probes are published too: only the first one, at start-up, within this test.
		this.runner.withPropertyValues("azure.redis.cache.near-cache.probe-interval=10m").run((context) -> {
			awaitReady(context);
			Cache cache = context.getBean(AzureRedisCacheManager.class).getCache("async");
			assertThat(cache).isNotNull();
			long publishesBefore = publishes();
			assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("loaded")).join()).isEqualTo("loaded");
			assertThat(publishes()).as("invalidations after a miss that stored a value").isEqualTo(publishesBefore + 1);
			for (int i = 0; i < 10; i++) {
				assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture("reloaded")).join())
					.isEqualTo("loaded");
			}
			assertThat(publishes()).as("invalidations after hits").isEqualTo(publishesBefore + 1);
		});
	}

	@Test
	void anotherInstancesWriteInvalidatesTheLocalCopyBeforeItIsReadAgain() {
		this.runner.run((first) -> this.runner.run((second) -> {
			awaitReady(first);
			awaitReady(second);
			BookService reader = first.getBean(BookService.class);
			BookService writer = second.getBean(BookService.class);
			NearCache readerCache = nearCache(first);
			for (int round = 0; round < 200; round++) {
				String isbn = "shared-" + (round % 20);
				reader.find(isbn);
				reader.find(isbn);
				assertThat(readerCache.holds("books", "books::" + isbn)).as("local copy").isTrue();
				writer.rename(isbn, "Renamed " + round);
				// The write returned: the other instance has dropped its copy already, no waiting.
				assertThat(readerCache.holds("books", "books::" + isbn)).as("local copy after the write").isFalse();
				assertThat(reader.find(isbn).title()).isEqualTo("Renamed " + round);
			}
			reader.find("shared-0");
			reader.find("shared-0");
			writer.evict("shared-0");
			assertThat(readerCache.holds("books", "books::shared-0")).isFalse();
		}));
	}

	@Test
	void clearOnOneInstanceDropsTheCopiesOfTheOther() {
		this.runner.run((first) -> this.runner.run((second) -> {
			awaitReady(first);
			awaitReady(second);
			BookService reader = first.getBean(BookService.class);
			reader.find("c1");
			reader.find("c1");
			NearCache readerCache = nearCache(first);
			assertThat(readerCache.size("books")).isPositive();
			second.getBean(org.springframework.cache.CacheManager.class).getCache("books").clear();
			assertThat(readerCache.size("books")).isZero();
		}));
	}

	@Test
	void lostConnectionDropsAllCopiesSoNothingStaleIsServed() {
		this.runner.run((first) -> this.runner.run((second) -> {
			awaitReady(first);
			awaitReady(second);
			BookService reader = first.getBean(BookService.class);
			reader.find("lost");
			reader.find("lost");
			NearCache readerCache = nearCache(first);
			try (RespClient client = redis.client()) {
				client.require("CLIENT", "KILL", "TYPE", "pubsub");
			}
			// Both instances lose their subscription, and with it any invalidation published before they resubscribe:
			// the reader drops every local copy (and trusts none until a probe proves the new subscription).
			await().atMost(Duration.ofSeconds(5)).until(() -> readerCache.size("books") == 0);
			second.getBean(BookService.class).rename("lost", "Written while unsubscribed");
			assertThat(reader.find("lost").title()).isEqualTo("Written while unsubscribed");
			await().atMost(Duration.ofSeconds(10)).until(readerCache::isReady);
			reader.find("lost");
			assertThat(readerCache.holds("books", "books::lost")).isTrue();
		}));
	}

	@Test
	void localCopiesExpireWithTheEntryInRedis() {
		this.runner.withPropertyValues("azure.redis.cache.caches.books.time-to-live=1s").run((context) -> {
			awaitReady(context);
			BookService books = context.getBean(BookService.class);
			books.find("ttl");
			books.find("ttl");
			assertThat(books.lookups()).isEqualTo(1);
			assertThat(nearCache(context).holds("books", "books::ttl")).isTrue();
			try (RespClient client = redis.client()) {
				await().atMost(Duration.ofSeconds(10))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> client.integer("EXISTS", "books::ttl") == 0);
			}
			// The entry is gone from Redis: its local copy is gone too, not served a moment longer.
			assertThat(nearCache(context).holds("books", "books::ttl")).isFalse();
			books.find("ttl");
			assertThat(books.lookups()).isEqualTo(2);
		});
	}

	@Test
	void localHitsCountInTheCacheStatistics() {
		this.runner.withPropertyValues("spring.cache.redis.enable-statistics=true").run((context) -> {
			awaitReady(context);
			BookService books = context.getBean(BookService.class);
			for (int i = 0; i < 10; i++) {
				books.find("stats");
			}
			RedisCache cache = (RedisCache) context.getBean(org.springframework.cache.CacheManager.class).getCache("books");
			assertThat(cache.getStatistics().getHits()).isEqualTo(9);
			assertThat(cache.getStatistics().getMisses()).isEqualTo(1);
		});
	}

	@Test
	void nearCacheIsOffByDefault() {
		new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context.getBean(AzureRedisCacheManager.class).nearCache()).isNull());
	}

	private static void awaitReady(ApplicationContext context) {
		await().atMost(Duration.ofSeconds(10)).until(() -> nearCache(context).isReady());
	}

	private static NearCache nearCache(ApplicationContext context) {
		NearCache nearCache = context.getBean(AzureRedisCacheManager.class).nearCache();
		assertThat(nearCache).isNotNull();
		return nearCache;
	}

	private static long publishes() {
		try (RespClient client = redis.client()) {
			return client.commandCalls("publish");
		}
	}

	private static long readCommands() {
		try (RespClient client = redis.client()) {
			return client.commandCalls("get", "mget", "eval", "evalsha", "getex");
		}
	}

}
