package io.github.azureredis.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisServerTests {

	@Test
	void startsOnAFreePortAndServesCommands() {
		try (RedisServer server = RedisServer.start(); RespClient client = server.client()) {
			assertThat(client.string("SET", "greeting", "hello")).isEqualTo("OK");
			assertThat(client.string("GET", "greeting")).isEqualTo("hello");
			assertThat(client.string("INFO", "server")).contains("redis_version:");
		}
	}

	@Test
	void countsTheCommandsTheServerRan() {
		try (RedisServer server = RedisServer.start(); RespClient client = server.client()) {
			client.require("CONFIG", "RESETSTAT");
			client.require("SET", "greeting", "hello");
			client.require("GET", "greeting");
			client.require("GET", "greeting");
			assertThat(client.commandCalls()).containsEntry("get", 2L).containsEntry("set", 1L);
			assertThat(client.commandCalls("get", "set", "mget")).isEqualTo(3);
		}
	}

	@Test
	void restartsOnTheSamePort() {
		try (RedisServer server = RedisServer.start()) {
			int port = server.port();
			server.stop();
			assertThat(server.isRunning()).isFalse();
			assertThat(FreePorts.isFree(port)).isTrue();
			server.startProcess();
			try (RespClient client = server.client()) {
				assertThat(client.string("PING")).isEqualTo("PONG");
			}
			assertThat(server.port()).isEqualTo(port);
		}
	}

	@Test
	void tlsServerVerifiedAgainstTheTestCa() {
		TestCertificates certificates = TestCertificates.create();
		try (RedisServer server = RedisServer.builder().tls(certificates).password("s3cret").start();
				RespClient client = server.client()) {
			assertThat(client.string("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void tlsServerRefusedByAClientThatDoesNotTrustItsCa() {
		TestCertificates certificates = TestCertificates.create();
		TestCertificates otherCa = TestCertificates.create();
		try (RedisServer server = RedisServer.builder().tls(certificates).start()) {
			assertThatThrownBy(() -> RespClient.connectTls("localhost", server.port(), otherCa.clientContext()).close())
				.hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
		}
	}

	@Test
	void passwordIsRequired() {
		try (RedisServer server = RedisServer.builder().password("s3cret").start();
				RespClient client = RespClient.connect(server.host(), server.port())) {
			assertThat(client.call("GET", "x")).isInstanceOf(Resp.Error.class)
				.hasToString("-NOAUTH Authentication required.");
		}
	}

}
