package io.github.azureredis.cache;

import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import io.github.azureredis.support.AsyncBookService;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.github.azureredis.testsupport.TestCertificates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} against a real Redis, checked by reading Redis
 * directly, over plain TCP and over TLS with a trust bundle.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
class CachingIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class);

	@Test
	void cachesExpiresAndEvictsInRedis() {
		try (RedisServer redis = RedisServer.start()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
						"spring.cache.redis.time-to-live=2s")
				.run((context) -> assertCachingBehaviour(context.getBean(BookService.class), redis));
		}
	}

	@Test
	void asynchronousMethodsAreCachedAndTheirCallsSucceed() {
		try (RedisServer redis = RedisServer.start()) {
			this.runner.withBean(AsyncBookService.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
				.run((context) -> {
					AsyncBookService books = context.getBean(AsyncBookService.class);
					for (int i = 0; i < 20; i++) {
						long start = System.nanoTime();
						// Spring runs the method and the cache's put where the cache's read completes: never on the
						// Redis client's event loop, which would stall on the put's own reply.
						assertThat(books.findCompleted("c-" + i).get(2, TimeUnit.SECONDS).isbn()).isEqualTo("c-" + i);
						assertThat(books.findLater("l-" + i).get(2, TimeUnit.SECONDS).isbn()).isEqualTo("l-" + i);
						// A put on the event loop would wait for its own reply until the command timeout (3 s).
						assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
					}
					for (int i = 0; i < 20; i++) {
						assertThat(books.findCompleted("c-" + i).get(2, TimeUnit.SECONDS).title()).isEqualTo("Title of c-" + i);
						assertThat(books.findLater("l-" + i).get(2, TimeUnit.SECONDS).title()).isEqualTo("Title of l-" + i);
					}
					assertThat(books.lookups()).isEqualTo(40);
				});
		}
	}

	@Test
	void cachesOverTlsWithATrustBundle() {
		TestCertificates certificates = TestCertificates.create();
		try (RedisServer redis = RedisServer.builder().tls(certificates).start()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=redis",
						"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.caCertificatePath(),
						"spring.cache.redis.time-to-live=2s")
				.run((context) -> assertCachingBehaviour(context.getBean(BookService.class), redis));
		}
	}

	@Test
	void tlsToAServerSignedByAnUntrustedCaFailsAtStartUp() {
		TestCertificates certificates = TestCertificates.create();
		TestCertificates otherCa = TestCertificates.create();
		try (RedisServer redis = RedisServer.builder().tls(certificates).start()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=redis",
						"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + otherCa.caCertificatePath())
				.run((context) -> {
					Throwable failure = startupConnectionFailure(context, redis);
					assertThat(cause(failure, SSLHandshakeException.class)).hasMessageContaining("PKIX path");
				});
		}
	}

	@Test
	void tlsToAServerWhoseCertificateNamesAnotherHostFailsAtStartUp() {
		TestCertificates certificates = TestCertificates.createOnlyFor("other.example");
		try (RedisServer redis = RedisServer.builder().tls(certificates).start()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=redis",
						"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.caCertificatePath())
				.run((context) -> {
					Throwable failure = startupConnectionFailure(context, redis);
					assertThat(cause(failure, CertificateException.class))
						.hasMessage("No subject alternative DNS name matching localhost found.");
				});
		}
	}

	/**
	 * Start-up failed because the client could not connect to the server with TLS (the failure analyzer's report on
	 * it is checked by {@code BadInputTests}).
	 */
	private static Throwable startupConnectionFailure(AssertableApplicationContext context, RedisServer redis) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).hasMessageContaining("Could not connect to Redis at localhost:" + redis.port() + " with TLS");
		return failure;
	}

	private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getName() + " caused " + failure, failure);
	}

	private static void assertCachingBehaviour(BookService books, RedisServer redis) {
		try (RespClient client = redis.client()) {
			// First call runs the method and stores the value under Spring's "<cache>::<key>" name (the fill of a
			// miss is not waited for: another client sees it once Redis has it).
			assertThat(books.find("978-1").title()).isEqualTo("Title of 978-1");
			await().atMost(Duration.ofSeconds(5)).until(() -> client.integer("EXISTS", "books::978-1") == 1);
			long ttl = client.integer("PTTL", "books::978-1");
			assertThat(ttl).isBetween(1L, 2000L);

			// Second call is served from Redis.
			assertThat(books.find("978-1").title()).isEqualTo("Title of 978-1");
			assertThat(books.lookups()).isEqualTo(1);

			// Expiry: after the TTL, Redis no longer holds the key and the method runs again.
			await().atMost(Duration.ofSeconds(5)).until(() -> client.integer("EXISTS", "books::978-1") == 0);
			books.find("978-1");
			assertThat(books.lookups()).isEqualTo(2);

			// @CachePut replaces the stored value; @CacheEvict removes it.
			books.rename("978-1", "Renamed");
			assertThat(books.find("978-1").title()).isEqualTo("Renamed");
			assertThat(books.lookups()).isEqualTo(2);
			books.evict("978-1");
			assertThat(client.integer("EXISTS", "books::978-1")).isZero();
			books.find("978-1");
			assertThat(books.lookups()).isEqualTo(3);
		}
	}

}
