package io.github.azureredis.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.AzureLikeRedis;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import io.github.azureredis.testsupport.Load;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.github.azureredis.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behind the single endpoint of Azure Cache for Redis a failover makes the other node primary while the endpoint's
 * address stays the same. Here the endpoint sends new connections to the second redis-server and leaves the open ones
 * on the first: Redisson would keep using them; after {@code NodeMaintenanceFailoverComplete} the starter reconnects
 * them, so that none is left on the former primary.
 */
@Tag("integration")
class ReconnectAfterFailoverTests {

	private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

	private static final FakeEntraId issuer = new FakeEntraId();

	private static final TestCertificates certificates = TestCertificates.create();

	private static final RedisServer first = backend();

	private static final RedisServer second = backend();

	private static final AtomicReference<RedisServer> primary = new AtomicReference<>(first);

	private static final AzureLikeRedis endpoint = AzureLikeRedis.endpoint(issuer, certificates, primary::get,
			ADMIN_PASSWORD);

	@AfterAll
	static void stop() {
		endpoint.close();
		first.close();
		second.close();
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(AzureRedisMaintenanceAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withBean(TokenCredential.class,
				() -> new FakeTokenCredential(issuer, AzureLikeEnvironment.OBJECT_ID, Duration.ofMinutes(30)))
		.withPropertyValues("spring.data.redis.host=" + endpoint.host(), "spring.data.redis.port=" + endpoint.port(),
				"spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=azure",
				"spring.ssl.bundle.pem.azure.truststore.certificate=file:" + certificates.caCertificatePath(),
				"azure.redis.authentication=entra-id", "azure.redis.maintenance.enabled=true");

	@Test
	void noConnectionStaysOnTheFormerPrimary() {
		this.runner.run((context) -> {
			BookService books = context.getBean(BookService.class);
			warm(books);
			assertThat(openOn(first)).isPositive();
			awaitSubscribed();
			primary.set(second);
			try {
				assertThat(endpoint.publish(failoverComplete())).isPositive();
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				while (openOn(first) > 0 && System.nanoTime() < deadline) {
					Load.sleep(Duration.ofMillis(50));
				}
				assertThat(openOn(first)).as("connections left on the former primary").isZero();
				assertThat(openOn(second)).isPositive();
				// The cache serves from the new primary.
				assertThat(books.find("after-failover").title()).isEqualTo("Title of after-failover");
				try (RespClient admin = RespClient.connect(second.host(), second.port())) {
					admin.require("AUTH", AzureLikeRedis.adminUser(), ADMIN_PASSWORD);
					// The fill after the miss is not waited for: it lands on the new primary shortly after.
					await().atMost(Duration.ofSeconds(10))
						.until(() -> Long.valueOf(1L).equals(admin.call("EXISTS", "books::after-failover")));
				}
			}
			finally {
				primary.set(first);
			}
		});
	}

	@Test
	void withoutReconnectingRedissonKeepsTheConnectionsToTheFormerPrimary() {
		this.runner.withPropertyValues("azure.redis.maintenance.reconnect-after-failover=false").run((context) -> {
			warm(context.getBean(BookService.class));
			awaitSubscribed();
			long before = openOn(first);
			assertThat(before).isPositive();
			primary.set(second);
			try {
				assertThat(endpoint.publish(failoverComplete())).isPositive();
				Load.sleep(Duration.ofSeconds(2));
				assertThat(openOn(first)).isEqualTo(before);
			}
			finally {
				primary.set(first);
			}
		});
	}

	private static void warm(BookService books) {
		for (int i = 0; i < 20; i++) {
			books.find("isbn-" + i);
		}
	}

	private static long openOn(RedisServer backend) {
		return endpoint.connections()
			.stream()
			.filter((connection) -> connection.closedAt() == null && connection.backendPort() == backend.port())
			.count();
	}

	/** Waits until the starter subscribed to the maintenance notifications, which it does once started. */
	private static void awaitSubscribed() {
		try (RespClient admin = RespClient.connect(first.host(), first.port())) {
			admin.require("AUTH", AzureLikeRedis.adminUser(), ADMIN_PASSWORD);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (subscribers(admin) == 0 && System.nanoTime() < deadline) {
				Load.sleep(Duration.ofMillis(20));
			}
			assertThat(subscribers(admin)).as("subscribers of AzureRedisEvents").isPositive();
		}
	}

	private static long subscribers(RespClient admin) {
		List<?> reply = (List<?>) admin.require("PUBSUB", "NUMSUB", "AzureRedisEvents");
		return (Long) reply.get(1);
	}

	private static String failoverComplete() {
		return AzureLikeRedis.notification("NodeMaintenanceFailoverComplete", null, false, "127.0.0.1", endpoint.port(),
				first.port());
	}

	private static RedisServer backend() {
		return RedisServer.builder()
			.config("aclfile",
					AzureLikeRedis.aclFile(ADMIN_PASSWORD, List.of(AzureLikeEnvironment.OBJECT_ID)).toString())
			.start();
	}

}
