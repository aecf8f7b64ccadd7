package io.github.azureredis.jcache;

import java.time.Duration;

import io.github.azureredis.connection.RedissonConfigCustomizer;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis frozen under JCache caches: Redisson runs the expiry task of every cache every few seconds (here every
 * second) and logs each failed run as an ERROR with a stack trace; the starter reports them as one warning per minute
 * instead. Found in {@code HibernateFailOpenTests}' output: five regions, an ERROR with a stack trace each every six
 * seconds of a frozen Redis.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class JCacheExpiryTaskOutageTests {

	@Test
	void failedRunsOfExpiryTasksAreOneWarning(CapturedOutput output) {
		try (RedisServer redis = RedisServer.start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
						"azure.redis.jcache.enabled=true", "spring.cache.cache-names=books,authors,publishers",
						"spring.data.redis.timeout=1s", "azure.redis.client.retry-attempts=0")
				.withBean(RedissonConfigCustomizer.class, () -> (config) -> config.setMinCleanUpDelay(1))
				.run((context) -> {
					assertThat(context.getBean(javax.cache.CacheManager.class).getCacheNames()).hasSize(3);
					JCacheExpiryTaskLog log = context.getBean(JCacheExpiryTaskLog.class);
					redis.pause();
					try {
						Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log.failedRuns() >= 6);
					}
					finally {
						redis.resume();
					}
				});
		}
		String out = output.getOut();
		assertThat(out).doesNotContain("Unable to evict elements").doesNotContain("\tat org.redisson");
		assertThat(out.split("Redisson's JCache expiry task could not remove the expired entries of '", -1))
			.as("warnings, and what precedes the first").hasSize(2);
		assertThat(out).contains("failed runs of JCache expiry tasks in the last interval; they keep trying, and "
				+ "expired entries stay in Redis until they succeed): org.redisson.client.RedisResponseTimeoutException:"
				+ " Redis server response timeout (500 ms)");
	}

}
