package io.github.azureredis.jcache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

import ch.qos.logback.classic.LoggerContext;
import io.github.azureredis.cache.AzureRedisCacheManager;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.JsrBookService;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.RedissonObject;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.Codec;
import org.redisson.codec.Kryo5Codec;
import org.slf4j.LoggerFactory;

import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JCache on the starter's client: {@code spring.cache.type=jcache}, the JSR-107 annotations, per-cache expiry and
 * statistics, against a real Redis.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
class AzureRedisJCacheAutoConfigurationTests {

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withBean(JsrBookService.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aNearCacheConfiguredWithCacheTypeJCacheIsReportedOnceAtStartUp(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.cache.type=jcache", "azure.redis.cache.caches.books.near-cache=true")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).containsOnlyOnce("A near cache is configured "
				+ "(azure.redis.cache.caches.books.near-cache=true), but spring.cache.type=jcache: Spring's caches go "
				+ "through JCache, which keeps no local copies.");
		this.runner.withPropertyValues("azure.redis.jcache.enabled=true", "azure.redis.cache.near-cache.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).containsOnlyOnce("A near cache is configured");
	}

	@Test
	void springCachesAndJsr107AnnotationsWorkWithCacheTypeJCache() {
		this.runner.withPropertyValues("spring.cache.type=jcache").run((context) -> {
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(JCacheCacheManager.class);
			assertThat(context.getBean(javax.cache.CacheManager.class)).isInstanceOf(AzureRedisJCacheManager.class);

			BookService books = context.getBean(BookService.class);
			books.find("1");
			assertThat(books.find("1").title()).isEqualTo("Title of 1");
			assertThat(books.lookups()).isEqualTo(1);

			JsrBookService jsr = context.getBean(JsrBookService.class);
			jsr.find("2");
			assertThat(jsr.find("2").title()).isEqualTo("Title of 2");
			assertThat(jsr.lookups()).isEqualTo(1);
			try (RespClient client = redis.client()) {
				// The entry is in Redisson's JCache hash, under the key's string form, its value typed JSON.
				assertThat(client.integer("HEXISTS", "jsr-books", "2")).isEqualTo(1);
				byte[] stored = (byte[]) client.require("HGET", "jsr-books", "2");
				assertThat(new String(stored, StandardCharsets.UTF_8)).contains("BookService$Book");
			}
			jsr.remove("2");
			jsr.find("2");
			assertThat(jsr.lookups()).isEqualTo(2);
		});
	}

	@Test
	void theClientAndTheApplicationsRedissonObjectsKeepTheirCodec() {
		this.runner.withPropertyValues("spring.cache.type=jcache").run((context) -> {
			RedissonClient redisson = context.getBean(RedissonClient.class);
			Codec clientCodec = redisson.getConfig().getCodec();
			javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class)
				.createCache("direct", new MutableConfiguration<>());
			cache.put("k", new BookService.Book("k", "through JCache"));
			assertThat(cache.get("k")).isEqualTo(new BookService.Book("k", "through JCache"));
			assertThat(cache.unwrap(RedissonObject.class).getCodec()).isInstanceOf(JCacheCodec.class);
			assertThat(redisson.getConfig().getCodec()).isSameAs(clientCodec).isInstanceOf(Kryo5Codec.class);
			RMap<String, String> own = redisson.getMap("applications-own-map");
			assertThat(own.getCodec()).isInstanceOf(Kryo5Codec.class);
			own.put("k", "v");
			assertThat(redisson.<String, String>getMap("applications-own-map").get("k")).isEqualTo("v");
		});
	}

	@Test
	void perCacheTimeToLiveBecomesAnExpiryPolicy() {
		this.runner.withPropertyValues("spring.cache.type=jcache", "azure.redis.cache.caches.short.time-to-live=1s")
			.run((context) -> {
				javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class)
					.getCache("short");
				cache.put("k", "v");
				assertThat(cache.get("k")).isEqualTo("v");
				await().atMost(Duration.ofSeconds(5)).until(() -> cache.get("k") == null);
			});
	}

	@Test
	void statisticsAndManagementByProperty() {
		this.runner
			.withPropertyValues("spring.cache.type=jcache", "azure.redis.jcache.statistics-enabled=true",
					"azure.redis.jcache.management-enabled=true", "spring.cache.cache-names=listed")
			.run((context) -> {
				javax.cache.Cache<Object, Object> cache = context.getBean(javax.cache.CacheManager.class)
					.getCache("listed");
				@SuppressWarnings("unchecked")
				CompleteConfiguration<Object, Object> configuration = cache.getConfiguration(CompleteConfiguration.class);
				assertThat(configuration.isStatisticsEnabled()).isTrue();
				assertThat(configuration.isManagementEnabled()).isTrue();
			});
	}

	@Test
	void theJCacheManagerCreatesNoCacheOnGetAsJsr107HasItWhileSpringsCreatesOnFirstUse() {
		this.runner.withPropertyValues("spring.cache.type=jcache", "spring.cache.cache-names=listed")
			.run((context) -> {
				javax.cache.CacheManager jcache = context.getBean(javax.cache.CacheManager.class);
				assertThat(jcache.getCache("listed")).isNotNull();
				assertThat(jcache.getCache("unlisted")).isNull();
				assertThat(jcache.getCacheNames()).containsExactly("listed");
				CacheManager spring = context.getBean(CacheManager.class);
				assertThat(spring).isInstanceOf(JCacheCacheManager.class);
				javax.cache.CacheManager springsJCache = ((JCacheCacheManager) spring).getCacheManager();
				assertThat(springsJCache.unwrap(AzureRedisJCacheManager.class)).isSameAs(jcache);
				assertThat(springsJCache.getCache("unlisted")).isNull();
				assertThat(spring.getCache("unlisted")).isNotNull();
				assertThat(jcache.getCache("unlisted")).isNotNull();
			});
	}

	@Test
	void unknownCachesAreNotCreatedWhenDynamicCreationIsOff() {
		this.runner.withPropertyValues("spring.cache.type=jcache", "azure.redis.cache.dynamic=false",
				"spring.cache.cache-names=listed", "azure.redis.cache.transaction-aware=true")
			.run((context) -> {
				CacheManager spring = context.getBean(CacheManager.class);
				assertThat(((JCacheCacheManager) spring).isTransactionAware()).isTrue();
				assertThat(spring.getCache("listed")).isNotNull();
				assertThat(spring.getCache("unlisted")).isNull();
				assertThat(context.getBean(javax.cache.CacheManager.class).getCache("unlisted")).isNull();
			});
	}

	@Test
	void noJCacheManagerUnlessAskedFor() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(javax.cache.CacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(AzureRedisCacheManager.class);
		});
	}

	@Test
	void expiryTaskLogWithLogbackOnly() {
		this.runner.withPropertyValues("azure.redis.jcache.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(JCacheExpiryTaskLog.class);
			assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
				.contains(context.getBean(JCacheExpiryTaskLog.class));
		});
		this.runner.withPropertyValues("azure.redis.jcache.enabled=true")
			.withClassLoader(new FilteredClassLoader("ch.qos.logback"))
			.run((context) -> {
				assertThat(context).hasSingleBean(javax.cache.CacheManager.class);
				assertThat(context).doesNotHaveBean(JCacheExpiryTaskLog.class);
			});
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(JCacheExpiryTaskLog.class));
		this.runner.withPropertyValues("azure.redis.jcache.enabled=true")
			.withInitializer((context) -> context
				.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
				.as("installed with lazy initialization")
				.anyMatch(JCacheExpiryTaskLog.class::isInstance));
		assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList())
			.as("removed when the context closes")
			.noneMatch(JCacheExpiryTaskLog.class::isInstance);
	}

	@Test
	void jcacheManagerBesideTheRedisCacheManagerOnRequest() {
		this.runner.withPropertyValues("azure.redis.jcache.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(javax.cache.CacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(AzureRedisCacheManager.class);
		});
	}

}
