package io.github.azureredis.credentials;

import java.time.Duration;

import javax.net.ssl.TrustManagerFactory;

import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.Load;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control: a client that fetches one token at start-up and never refreshes it, as Spring Cloud Azure's Lettuce
 * starter does for open connections, is cut off by the test server when the token expires. This proves that the
 * server the other tests pass against does bite.
 */
@Tag("integration")
class OneShotTokenControlTests {

	@Test
	void clientWithAOneShotTokenIsCutOffAtExpiry() throws Exception {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofSeconds(5))) {
			FakeEntraId.Token token = azure.issuer().issue(AzureLikeEnvironment.OBJECT_ID, Duration.ofSeconds(5));
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setCertificateEntry("ca", azure.certificates().caCertificate());
			trust.init(store);
			Config config = new Config();
			config.setUsername(AzureLikeEnvironment.OBJECT_ID);
			config.setPassword(token.value());
			config.setSslTrustManagerFactory(trust);
			config.useSingleServer()
				.setAddress("rediss://" + azure.redis().host() + ":" + azure.redis().port())
				.setConnectionPoolSize(4)
				.setConnectionMinimumIdleSize(4)
				.setRetryAttempts(1)
				.setTimeout(1000);
			RedissonClient client = Redisson.create(config);
			try {
				Load.Result result = Load.run(4, Duration.ofSeconds(8),
						(thread, i) -> client.getBucket("control-" + (i % 50), StringCodec.INSTANCE).get());
				assertThat(azure.redis().closedForExpiry()).as("connections cut at expiry").isPositive();
				assertThat(result.failureCount()).as("calls failed after expiry").isPositive();
				assertThat(azure.redis().rejectedAuthentications()).as("reconnects refused with the expired token")
					.isPositive();
				System.out.printf("One-shot token control: %s, %d connections closed for expiry, %d reconnects refused%n",
						result, azure.redis().closedForExpiry(), azure.redis().rejectedAuthentications());
			}
			finally {
				client.shutdown();
			}
		}
	}

}
