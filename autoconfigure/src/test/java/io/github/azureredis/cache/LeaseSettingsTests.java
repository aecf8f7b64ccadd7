package io.github.azureredis.cache;

import java.time.Duration;

import io.github.azureredis.connection.RedissonConfigCustomizer;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease settings of each cache: {@code azure.redis.cache.lease.*}, overridden by
 * {@code azure.redis.cache.caches.<name>.lease.*}, checked at start-up. No server.
 */
class LeaseSettingsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withBean(RedissonConfigCustomizer.class, TestAutoConfigurations::lazyClient)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1");

	@Test
	void onByDefaultAndWaitingAtMostTheLeaseDuration() {
		this.runner.run((context) -> assertThat(context.getBean(CacheSettings.class).leaseSettings("any"))
			.isEqualTo(new KeyLeases.Settings(Duration.ofSeconds(10), Duration.ofSeconds(10))));
	}

	@Test
	void aCacheOverridesTheDefaults() {
		this.runner
			.withPropertyValues("azure.redis.cache.lease.duration=4s", "azure.redis.cache.lease.max-wait=1s",
					"azure.redis.cache.caches.slow.lease.duration=30s", "azure.redis.cache.caches.slow.lease.max-wait=5s",
					"azure.redis.cache.caches.longer.lease.duration=20s", "azure.redis.cache.caches.off.lease.enabled=false")
			.run((context) -> {
				CacheSettings settings = context.getBean(CacheSettings.class);
				assertThat(settings.leaseSettings("other"))
					.isEqualTo(new KeyLeases.Settings(Duration.ofSeconds(4), Duration.ofSeconds(1)));
				assertThat(settings.leaseSettings("slow"))
					.isEqualTo(new KeyLeases.Settings(Duration.ofSeconds(30), Duration.ofSeconds(5)));
				assertThat(settings.leaseSettings("longer"))
					.isEqualTo(new KeyLeases.Settings(Duration.ofSeconds(20), Duration.ofSeconds(1)));
				assertThat(settings.leaseSettings("off")).isNull();
			});
	}

	@Test
	void offByDefaultAndOnForOneCache() {
		this.runner
			.withPropertyValues("azure.redis.cache.lease.enabled=false", "azure.redis.cache.caches.hot.lease.enabled=true")
			.run((context) -> {
				CacheSettings settings = context.getBean(CacheSettings.class);
				assertThat(settings.leaseSettings("other")).isNull();
				assertThat(settings.leaseSettings("hot"))
					.isEqualTo(new KeyLeases.Settings(Duration.ofSeconds(10), Duration.ofSeconds(10)));
				assertThat(settings.anyLeased()).isTrue();
			});
	}

	@Test
	void aLeaseDurationThatIsNotPositiveFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("azure.redis.cache.lease.duration=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("azure.redis.cache.lease.duration")
				.hasMessageContaining("Must be positive."));
	}

	@Test
	void aNegativeMaxWaitOfACacheFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("azure.redis.cache.caches.reports.lease.max-wait=-1s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("azure.redis.cache.caches.reports.lease.max-wait")
				.hasMessageContaining("Must not be negative."));
	}

}
