package io.github.azureredis.benchmarks;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.spring.cache.CacheConfig;
import org.redisson.spring.cache.RedissonSpringCacheManager;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Profile;

/**
 * The application of the Spring variants: one {@code @Cacheable} service on whatever cache the variant configures.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@Import({ BenchmarkApplication.RedissonSpringCacheConfiguration.class,
		BenchmarkApplication.ObservationConfiguration.class })
class BenchmarkApplication {

	@Bean
	Catalog catalog() {
		return new Catalog();
	}

	/**
	 * The time to live of the hot key's cache, the same in every variant that builds a {@code RedisCacheManager}
	 * (Spring Boot's and the starter's): {@code spring.cache.redis.time-to-live} would apply to every cache.
	 */
	@Bean
	RedisCacheManagerBuilderCustomizer hotTimeToLive() {
		return (builder) -> builder.withCacheConfiguration("hot",
				builder.cacheDefaults().entryTtl(Catalog.HOT_TIME_TO_LIVE));
	}

	/** The time Spring Boot logs as "Started ... in", for the STARTUP scenario. */
	@Bean
	static ApplicationListener<ApplicationStartedEvent> startupTime() {
		return (event) -> StartupProcess.started(event.getTimeTaken());
	}

	/**
	 * An ObservationRegistry as Spring Boot Actuator sets one up for metrics ({@code benchmark.observations=true}): a
	 * timer and a long task timer per observation, in a simple meter registry. Both the starter and Lettuce observe
	 * through it when it exists.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("benchmark.observations")
	static class ObservationConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

	}

	/**
	 * Redisson's own Spring cache, as its documentation sets it up: default client configuration, entries with a
	 * time-to-live (an RMapCache per cache).
	 */
	@Configuration(proxyBeanMethods = false)
	@Profile("redisson-spring-cache")
	static class RedissonSpringCacheConfiguration {

		@Bean(destroyMethod = "shutdown")
		RedissonClient redissonClient(@Value("${spring.data.redis.host}") String host,
				@Value("${spring.data.redis.port}") int port) {
			Config config = new Config();
			config.useSingleServer().setAddress("redis://" + host + ":" + port);
			return Redisson.create(config);
		}

		@Bean
		CacheManager cacheManager(RedissonClient redissonClient) {
			return new RedissonSpringCacheManager(redissonClient, Map.of("items", new CacheConfig(600_000, 0), "hot",
					new CacheConfig(Catalog.HOT_TIME_TO_LIVE.toMillis(), 0)));
		}

	}

}
