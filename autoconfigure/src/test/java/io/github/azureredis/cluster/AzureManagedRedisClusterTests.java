package io.github.azureredis.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.CheckedLoad;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.AzureLikeRedis;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import io.github.azureredis.testsupport.Load;
import io.github.azureredis.testsupport.RedisCluster;
import io.github.azureredis.testsupport.TestCertificates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis Cluster of 3 masters and 3 replicas, every node behind its own Azure-like TLS proxy enforcing Microsoft
 * Entra ID tokens, reached from one seed as Azure Managed Redis with the OSS clustering policy is.
 */
@Tag("integration")
class AzureManagedRedisClusterTests {

	private static final String OBJECT_ID = "9a7b5c3d-1e2f-4a6b-8c0d-2e4f6a8b0c1d";

	private final FakeEntraId issuer = new FakeEntraId();

	/**
	 * Names only the endpoint's host name, not the IP addresses the nodes announce: TLS verification must check
	 * every node against the configured host name, as Azure's certificates name the cache, not its shards' IPs.
	 */
	private final TestCertificates certificates = TestCertificates.createOnlyFor("localhost");

	private ApplicationContextRunner runner(RedisCluster cluster, FakeTokenCredential credential) {
		return runner(cluster, credential, this.certificates);
	}

	private ApplicationContextRunner runner(RedisCluster cluster, FakeTokenCredential credential,
			TestCertificates trusted) {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withUserConfiguration(CachingConfiguration.class)
			.withBean(TokenCredential.class, () -> credential)
			.withPropertyValues("spring.data.redis.host=localhost",
					"spring.data.redis.port=" + cluster.endpoint().port(), "azure.redis.cluster.enabled=true",
					"azure.redis.cluster.scan-interval=1s", "spring.data.redis.ssl.enabled=true",
					"spring.data.redis.ssl.bundle=azure",
					"spring.ssl.bundle.pem.azure.truststore.certificate=file:" + trusted.caCertificatePath(),
					"azure.redis.authentication=entra-id", "spring.data.redis.timeout=1s");
	}

	@Test
	void tokenRotationUnderLoadOnEveryNode() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OBJECT_ID, Duration.ofSeconds(10));
		try (RedisCluster cluster = RedisCluster.startAzureLike(3, 1, this.issuer, this.certificates, OBJECT_ID)) {
			// Reads from replicas too, so that every node holds connections that must be re-authenticated.
			ApplicationContextRunner readingReplicas = runner(cluster, credential)
				.withPropertyValues("azure.redis.cluster.read-from=master-and-replica");
			readingReplicas.run((context) -> {
				BookService books = context.getBean(BookService.class);
				Load.Result result;
				try (CheckedLoad load = CheckedLoad.start(books)) {
					Load.sleep(Duration.ofSeconds(25));
					result = load.stop();
				}
				int rotations = credential.issuedTokens().size() - 1;
				assertThat(result.failureCount()).as("failed calls: %s", result).isZero();
				assertThat(rotations).isGreaterThanOrEqualTo(2);
				List<AzureLikeRedis> proxies = cluster.proxies();
				assertThat(proxies).as("a proxy per node").hasSize(6);
				for (AzureLikeRedis proxy : Stream.concat(proxies.stream(), Stream.of(cluster.endpoint())).toList()) {
					assertThat(proxy.closedForExpiry()).as("connections closed for expiry at %s", proxy).isZero();
					assertThat(proxy.rejectedAuthentications()).isZero();
				}
				assertThat(cluster.keysPerMaster()).hasSize(3)
					.allSatisfy((master, count) -> assertThat(count).isPositive());
				int reauthentications = proxies.stream().mapToInt(AzureLikeRedis::reauthentications).sum();
				long nodesReauthenticated = proxies.stream().filter((proxy) -> proxy.reauthentications() > 0).count();
				assertThat(nodesReauthenticated).as("nodes whose connections were re-authenticated")
					.isEqualTo(proxies.size());
				System.out.printf("Cluster rotation under load: %s, %d rotations, %d re-authentications over %d nodes "
						+ "(%d with re-authentications), 0 closed for expiry%n", result, rotations, reauthentications,
						proxies.size(), nodesReauthenticated);
			});
		}
	}

	@Test
	void nodesWhoseCertificateDoesNotNameTheEndpointAreRefused() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OBJECT_ID, Duration.ofMinutes(10));
		TestCertificates wrongName = TestCertificates.createOnlyFor("other.example");
		try (RedisCluster cluster = RedisCluster.startAzureLike(3, 0, this.issuer, wrongName, OBJECT_ID)) {
			runner(cluster, credential, wrongName).run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("No subject alternative DNS name matching localhost"));
		}
	}

	@Test
	void masterFailoverUnderLoad() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OBJECT_ID, Duration.ofMinutes(10));
		try (RedisCluster cluster = RedisCluster.startAzureLike(3, 1, this.issuer, this.certificates, OBJECT_ID)) {
			runner(cluster, credential).run((context) -> {
				BookService books = context.getBean(BookService.class);
				for (int i = 0; i < 200; i++) {
					books.find("isbn-" + i);
				}
				Load.Result result;
				Instant killed;
				Instant recovered;
				try (CheckedLoad load = CheckedLoad.start(books)) {
					Load.sleep(Duration.ofSeconds(2));
					RedisCluster.Node victim = cluster.masters().get(0);
					killed = Instant.now();
					victim.server().kill();
					cluster.awaitHealthy();
					recovered = Instant.now();
					Load.sleep(Duration.ofSeconds(8));
					result = load.stop();
				}
				Load.Failure last = result.lastFailure();
				Duration window = (last != null) ? Duration.between(killed, last.at()) : Duration.ZERO;
				CheckedLoad.assertFailuresWithin(result, killed, recovered.plusSeconds(5));
				assertThat(cluster.masters()).hasSize(3);
				for (int i = 0; i < 200; i++) {
					assertThat(books.find("isbn-" + i).isbn()).isEqualTo("isbn-" + i);
				}
				System.out.printf("Cluster master failover under load: %s; cluster ok again %d ms after the kill; "
						+ "failures within %d ms of the kill%n", result, Duration.between(killed, recovered).toMillis(),
						window.toMillis());
			});
		}
	}

}
