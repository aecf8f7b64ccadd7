package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.azureredis.connection.RedissonConfigCustomizer;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;

import static org.assertj.core.api.Assertions.assertThat;

class AzureRedisCacheAutoConfigurationTests {

	// Conditions and settings only: no server.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withBean(RedissonConfigCustomizer.class, TestAutoConfigurations::lazyClient)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1");

	@Test
	void redisCacheManagerWithoutAnyCacheType() {
		// Redisson's JCache provider is on the classpath: Spring Boot alone would pick JCache.
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.run((context) -> assertThat(context).getBean(CacheManager.class).isInstanceOf(RedisCacheManager.class));
	}

	@Test
	void redisCacheManagerWithCacheTypeRedis() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=redis")
			.run((context) -> assertThat(context).getBean(CacheManager.class).isInstanceOf(RedisCacheManager.class));
	}

	@Test
	void noCacheManagerWithoutEnableCaching() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CacheManager.class));
	}

	@Test
	void backsOffForAnotherCacheType() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=none")
			.run((context) -> assertThat(context).getBean(CacheManager.class).isInstanceOf(NoOpCacheManager.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesACacheManager() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
			.run((context) -> assertThat(context).getBean(CacheManager.class).isInstanceOf(ConcurrentMapCacheManager.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("azure.redis.enabled=false", "spring.cache.type=simple")
			.run((context) -> assertThat(context).getBean(CacheManager.class).isInstanceOf(ConcurrentMapCacheManager.class));
	}

	@Test
	void cacheNamesAreCreatedUpFront() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.cache-names=alpha,beta")
			.run((context) -> assertThat(context.getBean(CacheManager.class).getCacheNames()).containsExactlyInAnyOrder("alpha", "beta"));
	}

	@Test
	void springCacheRedisPropertiesShapeTheDefaults() {
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.cache-names=alpha", "spring.cache.redis.time-to-live=90s",
					"spring.cache.redis.cache-null-values=false", "spring.cache.redis.key-prefix=app:")
			.run((context) -> {
				RedisCache cache = (RedisCache) context.getBean(CacheManager.class).getCache("alpha");
				RedisCacheConfiguration configuration = cache.getCacheConfiguration();
				assertThat(configuration.getTtlFunction().getTimeToLive("k", "v")).isEqualTo(Duration.ofSeconds(90));
				assertThat(configuration.getAllowCacheNullValues()).isFalse();
				assertThat(configuration.getKeyPrefixFor("alpha")).isEqualTo("app:alpha::");
			});
	}

	@Test
	void customizersAreApplied() {
		List<CacheManager> customized = new ArrayList<>();
		this.runner.withUserConfiguration(CachingConfiguration.class)
			.withBean(RedisCacheManagerBuilderCustomizer.class,
					() -> (builder) -> builder.withCacheConfiguration("custom",
							RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofMinutes(7))))
			.withBean(CacheManagerCustomizer.class,
					() -> (CacheManagerCustomizer<RedisCacheManager>) customized::add)
			.run((context) -> {
				RedisCacheManager manager = context.getBean(RedisCacheManager.class);
				assertThat(customized).containsExactly(manager);
				RedisCacheConfiguration custom = manager.getCacheConfigurations().get("custom");
				assertThat(custom.getTtlFunction().getTimeToLive("k", "v")).isEqualTo(Duration.ofMinutes(7));
			});
	}

}
