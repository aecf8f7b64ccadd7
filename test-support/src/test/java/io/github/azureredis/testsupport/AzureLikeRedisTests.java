package io.github.azureredis.testsupport;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AzureLikeRedisTests {

	private static final String OID = "6f1c1b5e-8a8e-4b8e-9a55-3b1a52f1c0de";

	private static final FakeEntraId issuer = new FakeEntraId();

	private static final TestCertificates certificates = TestCertificates.create();

	private static AzureLikeRedis redis;

	@BeforeAll
	static void start() {
		redis = AzureLikeRedis.start(issuer, certificates, OID);
	}

	@AfterAll
	static void stop() {
		redis.close();
	}

	private RespClient connect() {
		return RespClient.connectTls(redis.host(), redis.port(), certificates.clientContext());
	}

	@Test
	void acceptsAValidTokenForItsObjectId() {
		try (RespClient client = connect()) {
			assertThat(client.string("AUTH", OID, issuer.issue(OID, Duration.ofMinutes(5)).value())).isEqualTo("OK");
			assertThat(client.string("SET", "k", "v")).isEqualTo("OK");
			assertThat(client.string("GET", "k")).isEqualTo("v");
		}
	}

	@Test
	void acceptsHelloWithAuth() {
		try (RespClient client = connect()) {
			Object reply = client.call("HELLO", "3", "AUTH", OID, issuer.issue(OID, Duration.ofMinutes(5)).value());
			assertThat(reply).isInstanceOf(java.util.Map.class);
		}
	}

	@Test
	void refusesCommandsBeforeAuthentication() {
		try (RespClient client = connect()) {
			assertThat(client.call("GET", "k")).hasToString("-NOAUTH Authentication required.");
		}
	}

	@Test
	void refusesATokenForAnotherObjectId() {
		try (RespClient client = connect()) {
			assertThat(client.call("AUTH", OID, issuer.issue("someone-else", Duration.ofMinutes(5)).value()))
				.asString()
				.startsWith("-WRONGPASS");
		}
	}

	@Test
	void refusesATokenFromAnotherIssuer() {
		try (RespClient client = connect()) {
			assertThat(client.call("AUTH", OID, new FakeEntraId().issue(OID, Duration.ofMinutes(5)).value()))
				.asString()
				.startsWith("-WRONGPASS");
		}
	}

	@Test
	void refusesAnExpiredToken() {
		try (RespClient client = connect()) {
			assertThat(client.call("AUTH", OID, issuer.issue(OID, Duration.ofSeconds(-1)).value())).asString()
				.startsWith("-WRONGPASS");
		}
	}

	@Test
	void closesAConnectionWhenItsTokenExpires() {
		int closedBefore = redis.closedForExpiry();
		try (RespClient client = connect()) {
			client.require("AUTH", OID, issuer.issue(OID, Duration.ofSeconds(2)).value());
			assertThat(client.string("PING")).isEqualTo("PONG");
			await().atMost(Duration.ofSeconds(5)).until(client::isClosedByServer);
		}
		assertThat(redis.closedForExpiry()).isEqualTo(closedBefore + 1);
	}

	@Test
	void keepsAConnectionReauthenticatedWithANewerToken() throws InterruptedException {
		int closedBefore = redis.closedForExpiry();
		try (RespClient client = connect()) {
			client.require("AUTH", OID, issuer.issue(OID, Duration.ofSeconds(2)).value());
			Thread.sleep(1000);
			client.require("AUTH", OID, issuer.issue(OID, Duration.ofSeconds(30)).value());
			Thread.sleep(2500);
			assertThat(client.string("PING")).isEqualTo("PONG");
		}
		assertThat(redis.closedForExpiry()).isEqualTo(closedBefore);
	}

	@Test
	void refusesAuthenticationOnASubscribedResp2ConnectionAsRedisDoes() {
		int closedBefore = redis.closedForExpiry();
		int refusedBefore = redis.refusedWhileSubscribed();
		FakeEntraId.Token first = issuer.issue(OID, Duration.ofSeconds(2));
		try (RespClient client = connect()) {
			client.require("AUTH", OID, first.value());
			client.require("SUBSCRIBE", "events");
			assertThat(client.call("AUTH", OID, issuer.issue(OID, Duration.ofMinutes(5)).value())).asString()
				.startsWith("-ERR")
				.contains("allowed in this context");
			assertThat(redis.refusedWhileSubscribed()).isEqualTo(refusedBefore + 1);
			// The refused renewal does not extend the connection's life.
			await().atMost(Duration.ofSeconds(10)).until(client::isClosedByServer);
		}
		assertThat(redis.closedForExpiry()).isEqualTo(closedBefore + 1);
	}

	@Test
	void acceptsAuthenticationOnAConnectionThatUnsubscribedFirst() {
		int closedBefore = redis.closedForExpiry();
		FakeEntraId.Token first = issuer.issue(OID, Duration.ofSeconds(2));
		try (RespClient client = connect()) {
			client.require("AUTH", OID, first.value());
			client.require("SUBSCRIBE", "events", "more");
			// One reply per channel.
			client.readPushed();
			client.require("UNSUBSCRIBE", "events");
			assertThat(client.call("AUTH", OID, issuer.issue(OID, Duration.ofMinutes(5)).value())).asString()
				.contains("allowed in this context");
			client.require("UNSUBSCRIBE");
			assertThat(client.string("AUTH", OID, issuer.issue(OID, Duration.ofMinutes(5)).value())).isEqualTo("OK");
			awaitExpiry(first);
			assertThat(client.isClosedByServer()).isFalse();
			assertThat(client.string("PING")).isEqualTo("PONG");
		}
		assertThat(redis.closedForExpiry()).isEqualTo(closedBefore);
	}

	@Test
	void acceptsAuthenticationOnASubscribedResp3Connection() {
		int closedBefore = redis.closedForExpiry();
		FakeEntraId.Token first = issuer.issue(OID, Duration.ofSeconds(2));
		try (RespClient client = connect()) {
			client.require("HELLO", "3", "AUTH", OID, first.value());
			client.require("SUBSCRIBE", "events");
			assertThat(client.string("AUTH", OID, issuer.issue(OID, Duration.ofMinutes(5)).value())).isEqualTo("OK");
			awaitExpiry(first);
			assertThat(client.isClosedByServer()).isFalse();
		}
		assertThat(redis.closedForExpiry()).isEqualTo(closedBefore);
	}

	@Test
	void refusesARevokedIdentityUntilItsAccessIsRestored() {
		String other = "0b7c8d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";
		try (AzureLikeRedis server = AzureLikeRedis.start(issuer, certificates, other);
				RespClient open = RespClient.connectTls(server.host(), server.port(), certificates.clientContext())) {
			open.require("AUTH", other, issuer.issue(other, Duration.ofMinutes(5)).value());
			server.revokeAccess(other);
			// Open connections keep working until they authenticate again.
			assertThat(open.string("PING")).isEqualTo("PONG");
			assertThat(open.call("AUTH", other, issuer.issue(other, Duration.ofMinutes(5)).value())).asString()
				.startsWith("-WRONGPASS");
			try (RespClient client = RespClient.connectTls(server.host(), server.port(),
					certificates.clientContext())) {
				assertThat(client.call("AUTH", other, issuer.issue(other, Duration.ofMinutes(5)).value()))
					.asString()
					.startsWith("-WRONGPASS");
				server.restoreAccess(other);
				assertThat(client.string("AUTH", other, issuer.issue(other, Duration.ofMinutes(5)).value()))
					.isEqualTo("OK");
			}
		}
	}

	/** Waits until the token has expired and the proxy has had time to close connections that relied on it. */
	private static void awaitExpiry(FakeEntraId.Token token) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> java.time.Instant.now().isAfter(token.expiresAt().plusMillis(500)));
	}

}
