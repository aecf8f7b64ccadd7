package io.github.azureredis;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.azureredis.cache.AzureRedisCacheManager;
import io.github.azureredis.credentials.EntraIdTokenManager;
import io.github.azureredis.jcache.AzureRedisHibernateCacheAutoConfiguration;
import io.github.azureredis.jcache.AzureRedisJCacheAutoConfiguration;
import io.github.azureredis.jcache.AzureRedisJCacheManager;
import io.github.azureredis.maintenance.AzureRedisMaintenance;
import io.github.azureredis.health.AzureRedisMaintenanceHealthIndicator;
import io.github.azureredis.metrics.AzureRedisMaintenanceMetrics;
import io.github.azureredis.health.EntraIdHealthIndicator;
import io.github.azureredis.metrics.EntraIdTokenMetrics;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.testsupport.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications started as Spring Boot starts them ({@code SpringApplication}, {@code @EnableAutoConfiguration}), so
 * that the auto-configurations come from {@code AutoConfiguration.imports} and not from a list in a test: every
 * auto-configuration of the starter is considered, each matches where its feature applies, and together they make a
 * working cache. Leaving one out of the file fails these tests.
 */
@Tag("integration")
class AutoConfiguredApplicationTests {

	@Test
	void anAzureApplicationGetsEveryPartOfTheStarterButJCache() {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofMinutes(30));
				ConfigurableApplicationContext context = start(CachingConfiguration.class, azure,
						properties(azure.properties(), "azure.redis.maintenance.enabled=true"))) {
			assertThat(outcomes(context).keySet()).as("auto-configurations of the starter considered, matched or not")
				.isEqualTo(RegisteredAutoConfigurationsTests.declared());
			Set<String> notMatched = new TreeSet<>();
			outcomes(context).forEach((name, outcomes) -> {
				if (!outcomes.isFullMatch()) {
					notMatched.add(name);
				}
			});
			assertThat(notMatched).as("auto-configurations that did not match")
				.containsExactlyInAnyOrder(AzureRedisJCacheAutoConfiguration.class.getName(),
						AzureRedisHibernateCacheAutoConfiguration.class.getName());
			assertThat(context.getBean(RedissonClient.class)).isNotNull();
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(AzureRedisCacheManager.class);
			assertThat(context.getBean(RedisConnectionFactory.class)).isInstanceOf(RedissonConnectionFactory.class);
			assertThat(context.getBean(EntraIdTokenManager.class).status().objectId())
				.isEqualTo(AzureLikeEnvironment.OBJECT_ID);
			assertThat(context.getBeansOfType(EntraIdHealthIndicator.class)).hasSize(1);
			assertThat(context.getBean(AzureRedisMaintenance.class).isEnabled()).isTrue();
			assertThat(context.getBeansOfType(AzureRedisMaintenanceHealthIndicator.class)).hasSize(1);
			assertThat(context.getBeansOfType(SanitizingFunction.class)).isNotEmpty();
			BookService books = context.getBean(BookService.class);
			books.find("978-1");
			books.find("978-1");
			assertThat(books.lookups()).isEqualTo(1);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(context.getBeansOfType(EntraIdTokenMetrics.class)).hasSize(1);
			assertThat(context.getBeansOfType(AzureRedisMaintenanceMetrics.class)).hasSize(1);
			assertThat(meters.find("cache.gets").tag("cache", "books").meters()).isNotEmpty();
			assertThat(meters.find("azure.redis.cache.operations").tag("cache", "books").meters()).isNotEmpty();
		}
	}

	@Test
	void aJCacheApplicationGetsTheStartersJCacheManager() {
		try (RedisServer redis = RedisServer.start();
				ConfigurableApplicationContext context = start(CachingConfiguration.class, null,
						new String[] { "spring.data.redis.port=" + redis.port(), "spring.cache.type=jcache" })) {
			assertThat(outcomes(context).get(AzureRedisJCacheAutoConfiguration.class.getName()).isFullMatch())
				.isTrue();
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(JCacheCacheManager.class);
			assertThat(((JCacheCacheManager) context.getBean(CacheManager.class)).getCacheManager()
				.unwrap(AzureRedisJCacheManager.class)).isSameAs(context.getBean(javax.cache.CacheManager.class));
			BookService books = context.getBean(BookService.class);
			books.find("978-2");
			books.find("978-2");
			assertThat(books.lookups()).isEqualTo(1);
		}
	}

	private static ConfigurableApplicationContext start(Class<?> configuration, @Nullable AzureLikeEnvironment azure,
			String[] properties) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(Application.class, configuration)
			.web(WebApplicationType.NONE)
			.properties(properties);
		if (azure != null) {
			builder.initializers((context) -> context.getBeanFactory()
				.registerSingleton("tokenCredential", azure.credential()));
		}
		return builder.run();
	}

	private static String[] properties(String[] base, String... more) {
		String[] all = new String[base.length + more.length + 1];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		all[all.length - 1] = "spring.cache.redis.enable-statistics=true";
		return all;
	}

	/** The condition outcomes of the starter's auto-configurations that the application considered, by class. */
	private static Map<String, ConditionAndOutcomes> outcomes(ConfigurableApplicationContext context) {
		Set<String> declared = RegisteredAutoConfigurationsTests.declared();
		Map<String, ConditionAndOutcomes> outcomes = new TreeMap<>();
		ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource().forEach((source,
				conditions) -> {
			if (declared.contains(source)) {
				outcomes.put(source, conditions);
			}
		});
		return outcomes;
	}

	/**
	 * An application without a database: the test class path holds Hibernate and H2 for the JCache tests, whose
	 * entities are in this package's tree, so Spring Boot's JPA auto-configuration is left out.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
	static class Application {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(
						meterRegistry));
			return registry;
		}

	}

}
