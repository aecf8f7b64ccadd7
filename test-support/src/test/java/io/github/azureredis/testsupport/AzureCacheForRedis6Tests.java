package io.github.azureredis.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class AzureCacheForRedis6Tests {

	private static final RedisServer standIn = RedisServer.builder().azureCacheForRedis6(true).start();

	@AfterAll
	static void stop() {
		standIn.close();
	}

	@Test
	void commandsNewerThanRedis60AreUnknown() {
		try (RespClient client = standIn.client()) {
			client.require("SET", "k", "v");
			for (String command : List.of("GETEX", "GETDEL", "COPY", "LMOVE", "ZRANGESTORE", "RESET")) {
				assertThat(client.call(command, "k")).as(command)
					.isInstanceOf(Resp.Error.class)
					.asString()
					.containsIgnoringCase("unknown command");
			}
			assertThat(client.string("GET", "k")).isEqualTo("v");
			assertThat(client.integer("PEXPIRE", "k", 60_000)).isEqualTo(1);
			assertThat(client.string("EVAL", "return redis.call('GET', KEYS[1])", 1, "k")).isEqualTo("v");
		}
	}

	@Test
	void removesOnlyCommandsRedis60Lacks() {
		assertThat(AzureCacheForRedis6.newerThan60(RedisServerBinary.get())).contains("GETEX", "GETDEL", "LMOVE")
			.doesNotContain("GET", "EVALSHA", "HELLO", "STRALGO", "HOST:", "POST");
	}

	@Test
	void commandsAzureBlocksAreUnknownToClientsButKeptForTheHarness() {
		try (RespClient client = RespClient.connect(standIn.host(), standIn.port())) {
			for (String command : AzureCacheForRedis6.BLOCKED) {
				assertThat(client.call(command, "HELP")).as(command)
					.isInstanceOf(Resp.Error.class)
					.asString()
					.containsIgnoringCase("unknown command");
			}
		}
		try (RespClient harness = standIn.client()) {
			assertThat(harness.string("CONFIG", "RESETSTAT")).isEqualTo("OK");
			assertThat(harness.call("CONFIG", "GET", "maxmemory")).isInstanceOf(List.class);
		}
	}

	@Test
	void listsOnlyRedis60CommandsAndKnowsNoneByTheNamesAzureBlocks() {
		Set<String> listed = new TreeSet<>();
		try (RespClient client = standIn.client()) {
			// COMMAND lists a renamed command under its original name; COMMAND INFO knows it by its new one only.
			for (Object command : (List<?>) client.require("COMMAND")) {
				listed.add(new String((byte[]) ((List<?>) command).get(0), StandardCharsets.UTF_8)
					.toUpperCase(Locale.ROOT));
			}
			assertThat((List<?>) client.require("COMMAND", "INFO", "GETEX", "CONFIG", "GET")).hasSize(3)
				.satisfies((info) -> assertThat(info.get(0)).isNull())
				.satisfies((info) -> assertThat(info.get(1)).isNull())
				.satisfies((info) -> assertThat(info.get(2)).isNotNull());
		}
		assertThat(listed).isSubsetOf(AzureCacheForRedis6.redis60Commands())
			.contains("GET", "EVALSHA", "PUBLISH", "HELLO")
			.doesNotContain("GETEX", "LMOVE");
	}

	@Test
	void redis60CommandsAreThoseTheBinaryDatesTo60OrEarlier() {
		try (RedisServer current = RedisServer.builder().azureCacheForRedis6(false).start();
				RespClient client = current.client()) {
			Object docs = client.call("COMMAND", "DOCS");
			assumeThat(docs).as("COMMAND DOCS (Redis 7.0 and newer)").isInstanceOf(List.class);
			Set<String> upTo60 = new TreeSet<>();
			List<?> entries = (List<?>) docs;
			for (int i = 0; i + 1 < entries.size(); i += 2) {
				List<?> doc = (List<?>) entries.get(i + 1);
				String since = null;
				for (int j = 0; j + 1 < doc.size(); j += 2) {
					if ("since".equals(text(doc.get(j)))) {
						since = text(doc.get(j + 1));
					}
				}
				if (since != null && isAtMost60(since)) {
					upTo60.add(text(entries.get(i)).toUpperCase(Locale.ROOT));
				}
			}
			Set<String> listed = new TreeSet<>(AzureCacheForRedis6.redis60Commands());
			// Redis 7.0 no longer has STRALGO, nor lists HOST: and POST as commands.
			listed.removeAll(Set.of("STRALGO", "HOST:", "POST"));
			assertThat(upTo60).isEqualTo(listed);
		}
	}

	@Test
	void azureLikeRedisOnTheStandInAuthenticatesTokensAndLacksNewAndBlockedCommands() {
		TestCertificates certificates = TestCertificates.create();
		FakeEntraId issuer = new FakeEntraId();
		String adminPassword = "admin-" + System.nanoTime();
		try (RedisServer backend = RedisServer.builder()
			.azureCacheForRedis6(true)
			.config("aclfile", AzureLikeRedis.aclFile(adminPassword, List.of("app")).toString())
			.start();
				AzureLikeRedis redis = AzureLikeRedis.proxy(issuer, certificates, backend, adminPassword, 0);
				RespClient client = RespClient.connectTls(redis.host(), redis.port(), certificates.clientContext())) {
			assertThat(client.string("AUTH", "app", issuer.issue("app", Duration.ofMinutes(5)).value())).isEqualTo("OK");
			assertThat(client.string("SET", "k", "v")).isEqualTo("OK");
			assertThat(client.call("GETEX", "k")).isInstanceOf(Resp.Error.class);
			assertThat(client.call("CONFIG", "GET", "maxmemory")).isInstanceOf(Resp.Error.class);
			try (RespClient admin = redis.adminClient()) {
				assertThat(admin.string("CONFIG", "RESETSTAT")).isEqualTo("OK");
			}
		}
	}

	private static boolean isAtMost60(String version) {
		String[] parts = version.split("\\.");
		int major = Integer.parseInt(parts[0]);
		int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
		return major < 6 || (major == 6 && minor == 0);
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

}
