package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import io.github.azureredis.connection.RedissonConfigCustomizer;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.cache.RedisCacheConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot-key settings of each cache (docs/hot-keys.md): {@code azure.redis.cache.lease.*} and
 * {@code time-to-live-jitter}, overridden under {@code azure.redis.cache.caches.<name>}, checked at start-up. No
 * server.
 */
class HotKeySettingsTests {

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
				assertThat(settings.leaseSetting()).as("the setting a server without the commands is told to change")
					.isEqualTo("azure.redis.cache.caches.hot.lease.enabled");
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

	@Test
	void jitterSpreadsTheTimeToLiveOfEachCacheDownwardsByAtMostItsAmount() {
		this.runner
			.withPropertyValues("spring.cache.redis.time-to-live=10m", "azure.redis.cache.time-to-live-jitter=1m",
					"azure.redis.cache.caches.short.time-to-live=10s",
					"azure.redis.cache.caches.short.time-to-live-jitter=2s",
					"azure.redis.cache.caches.idle.max-idle=5m")
			.run((context) -> {
				CacheSettings settings = context.getBean(CacheSettings.class);
				assertThat(timesToLive(settings.defaults())).allSatisfy((ttl) -> assertThat(ttl)
					.isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10)));
				assertThat(new HashSet<>(timesToLive(settings.defaults()))).as("distinct times to live of 100 entries")
					.hasSizeGreaterThan(90);
				assertThat(timesToLive(settings.perCache().get("short"))).allSatisfy((ttl) -> assertThat(ttl)
					.isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
				assertThat(timesToLive(settings.perCache().get("idle"))).as("time-to-idle keeps its own")
					.containsOnly(Duration.ofMinutes(5));
			});
	}

	@Test
	void jitterOfMoreThanHalfTheTimeToLiveFailsStartUpNamingTheProperty() {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.short.time-to-live=10s",
					"azure.redis.cache.caches.short.time-to-live-jitter=6s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("azure.redis.cache.caches.short.time-to-live-jitter")
				.hasMessageContaining("Must be at most half of the time to live"));
		this.runner
			.withPropertyValues("spring.cache.redis.time-to-live=10s", "azure.redis.cache.time-to-live-jitter=6s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("azure.redis.cache.time-to-live-jitter")
				.hasMessageContaining("spring.cache.redis.time-to-live=PT10S"));
	}

	@Test
	void failSafeOrRefreshAheadOfACacheWhoseEntriesNeverExpireFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("azure.redis.cache.caches.forever.fail-safe=1h")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("azure.redis.cache.caches.forever.fail-safe")
				.hasMessageContaining("Cache 'forever' has no time to live")
				.hasMessageContaining("Set azure.redis.cache.caches.forever.time-to-live"));
		this.runner.withPropertyValues("azure.redis.cache.caches.forever.refresh-ahead=0.8")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("azure.redis.cache.caches.forever.refresh-ahead"));
		this.runner
			.withPropertyValues("spring.cache.redis.time-to-live=10m", "azure.redis.cache.caches.forever.fail-safe=1h")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("azure.redis.cache.fail-safe=1h")
			.run((context) -> assertThat(context).as("a default leaves caches without time to live alone")
				.hasNotFailed());
	}

	@Test
	void jitterOfACacheWithMaxIdleFailsStartUp() {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.idle.max-idle=5m",
					"azure.redis.cache.caches.idle.time-to-live-jitter=1m")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("azure.redis.cache.caches.idle.time-to-live-jitter")
				.hasMessageContaining("max-idle"));
	}

	@Test
	void failSafeSoftTimeoutAndRefreshAheadAreOffByDefaultAndSetPerCache() {
		this.runner
			.withPropertyValues("spring.cache.redis.time-to-live=10m", "azure.redis.cache.fail-safe=5m",
					"azure.redis.cache.caches.prices.fail-safe=1h",
					"azure.redis.cache.caches.prices.soft-timeout=100ms", "azure.redis.cache.caches.hot.refresh-ahead=0.8",
					"azure.redis.cache.caches.idle.max-idle=5m")
			.run((context) -> {
				CacheSettings settings = context.getBean(CacheSettings.class);
				assertThat(settings.loadPolicy("other"))
					.isEqualTo(new LoadPolicy(Duration.ofMinutes(5), null, null));
				assertThat(settings.loadPolicy("prices"))
					.isEqualTo(new LoadPolicy(Duration.ofHours(1), Duration.ofMillis(100), null));
				assertThat(settings.loadPolicy("hot"))
					.isEqualTo(new LoadPolicy(Duration.ofMinutes(5), null, 0.8));
				assertThat(settings.loadPolicy("idle")).as("a default leaves an idle cache alone")
					.isEqualTo(LoadPolicy.NONE);
				assertThat(settings.loadPolicySetting()).isEqualTo("azure.redis.cache.fail-safe");
			});
		this.runner.run((context) -> {
			CacheSettings settings = context.getBean(CacheSettings.class);
			assertThat(settings.loadPolicy("any")).isEqualTo(LoadPolicy.NONE);
			assertThat(settings.loadPolicySetting()).isNull();
		});
	}

	@Test
	void aRefreshAheadThatIsNotAFractionFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("azure.redis.cache.caches.hot.refresh-ahead=80")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("azure.redis.cache.caches.hot.refresh-ahead")
				.hasMessageContaining("Must be a fraction of the time to live between 0 and 1, such as 0.8"));
	}

	@Test
	void aSoftTimeoutWithoutFailSafeFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("azure.redis.cache.caches.prices.soft-timeout=100ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("azure.redis.cache.caches.prices.soft-timeout")
				.hasMessageContaining("set azure.redis.cache.caches.prices.fail-safe"));
		this.runner.withPropertyValues("azure.redis.cache.soft-timeout=100ms")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("azure.redis.cache.soft-timeout")
				.hasMessageContaining("set azure.redis.cache.fail-safe too"));
	}

	@Test
	void failSafeOfACacheWithMaxIdleFailsStartUp() {
		this.runner
			.withPropertyValues("azure.redis.cache.caches.idle.max-idle=5m", "azure.redis.cache.caches.idle.fail-safe=1h")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("azure.redis.cache.caches.idle.fail-safe")
				.hasMessageContaining("max-idle"));
	}

	private static List<Duration> timesToLive(RedisCacheConfiguration configuration) {
		List<Duration> timesToLive = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			timesToLive.add(configuration.getTtlFunction().getTimeToLive("key-" + i, "value"));
		}
		return timesToLive;
	}

}
