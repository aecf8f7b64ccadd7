package io.github.azureredis.connection;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.azureredis.connection.redisson.RedisServerInfo;
import io.github.azureredis.connection.redisson.UnsupportedRedisServerException;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisEnterpriseLike;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The starter on the Redis that Azure Cache for Redis runs (the 6.0 stand-in of test-support, Azure's blocked
 * commands removed), on servers that lack a command a feature sends, and on a Redis Enterprise-like server (Azure
 * Managed Redis): where something cannot work, the application does not start, and the report names the feature or
 * setting, its property, the server and what to do, instead of every call failing or a setting being ignored.
 */
@Tag("integration")
class ServerSupportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class);

	@Test
	void timeToIdleWorksWithoutGetex() {
		try (RedisServer redis = standIn().start()) {
			on(redis).withPropertyValues("azure.redis.cache.caches.idle.max-idle=10m").run((context) -> {
				assertThat(context).hasNotFailed();
				org.springframework.cache.Cache cache = context.getBean(CacheManager.class).getCache("idle");
				cache.put("k", "v");
				try (RespClient client = redis.client()) {
					assertThat(client.call("GETEX", "idle::k")).asString().containsIgnoringCase("unknown command");
					// As if the entry had been idle for all but one second of its ten minutes.
					client.require("PEXPIRE", "idle::k", 1000);
					assertThat(cache.get("k")).isNotNull().extracting(org.springframework.cache.Cache.ValueWrapper::get)
						.isEqualTo("v");
					assertThat(client.integer("PTTL", "idle::k")).isGreaterThan(Duration.ofMinutes(9).toMillis());
				}
			});
		}
	}

	@Test
	void timeToIdleUsesGetexWhereOfferedAndTurnsToTheScriptWhenAFailoverLosesIt() {
		RedisServer current = RedisServer.builder().azureCacheForRedis6(false).start();
		int port = current.port();
		try {
			on(current).withPropertyValues("azure.redis.cache.caches.idle.max-idle=10m").run((context) -> {
				org.springframework.cache.Cache cache = context.getBean(CacheManager.class).getCache("idle");
				try (RespClient client = current.client()) {
					client.require("CONFIG", "RESETSTAT");
					cache.put("k", "v");
					assertThat(cache.get("k")).isNotNull();
					assertThat(client.commandCalls("getex")).isEqualTo(1);
					assertThat(client.commandCalls("evalsha")).isZero();
				}
				// The node is replaced by one without GETEX, on the same address.
				current.stop();
				try (RedisServer older = RedisServer.builder().port(port).azureCacheForRedis6(true).start()) {
					long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
					while (!putSucceeds(cache) && System.nanoTime() < deadline) {
						Thread.sleep(100);
					}
					try (RespClient client = older.client()) {
						client.require("PEXPIRE", "idle::k", 1000);
						assertThat(cache.get("k")).isNotNull();
						assertThat(client.integer("PTTL", "idle::k")).isGreaterThan(Duration.ofMinutes(9).toMillis());
						assertThat(client.commandCalls("evalsha")).isPositive();
					}
				}
			});
		}
		finally {
			current.close();
		}
	}

	@Test
	void timeToIdleOnAServerWithoutPexpireFailsStartUpNamingTheProperty() {
		try (RedisServer redis = standIn().config("rename-command", "PEXPIRE", "").start()) {
			on(redis).withPropertyValues("azure.redis.cache.caches.idle.max-idle=3s")
				.run(failsWith("Time-to-idle", "azure.redis.cache.caches.idle.max-idle", "PEXPIRE", redis));
			// The same server serves the caches that do not need it.
			on(redis).run((context) -> {
				assertThat(context).hasNotFailed();
				BookService books = context.getBean(BookService.class);
				books.find("1");
				books.find("1");
				assertThat(books.lookups()).isEqualTo(1);
			});
		}
	}

	@Test
	void aServerWithoutScriptsFailsStartUpRatherThanEveryCall() {
		// Redisson sends EVALSHA again and again on "unknown command": every script call would hang.
		try (RedisServer redis = standIn().config("rename-command", "EVALSHA", "").start()) {
			long started = System.nanoTime();
			on(redis)
				.run(failsWith("The Redis cache", "spring.cache.type", "EVALSHA", redis));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
		}
	}

	@Test
	void theNearCacheOnAServerWithoutPublishFailsStartUp() {
		try (RedisServer redis = standIn().config("rename-command", "PUBLISH", "").start()) {
			on(redis).withPropertyValues("azure.redis.cache.near-cache.enabled=true")
				.run(failsWith("The near cache", "azure.redis.cache.near-cache.enabled", "PUBLISH", redis));
		}
	}

	@Test
	void theNearCacheOfOneCacheOnAServerWithoutPublishFailsStartUpNamingThatCachesProperty() {
		// Turned on for one cache only: azure.redis.cache.near-cache.enabled is false, so naming it says nothing
		// the user can act on.
		try (RedisServer redis = standIn().config("rename-command", "PUBLISH", "").start()) {
			on(redis).withPropertyValues("azure.redis.cache.caches.books.near-cache=true")
				.run(failsWith("The near cache", "azure.redis.cache.caches.books.near-cache", "PUBLISH", redis));
		}
	}

	@Test
	void maintenanceNotificationsOnAServerWithoutSubscribeFailStartUp() {
		// The subscription is the whole feature: without SUBSCRIBE it can never work, yet the application starts
		// and warns every 30 s ("Could not subscribe to the AzureRedisEvents channel ... trying again in 30 s").
		try (RedisServer redis = standIn().config("rename-command", "SUBSCRIBE", "").start()) {
			on(redis).withPropertyValues("azure.redis.maintenance.enabled=true").run((context) -> {
				assertThat(context).getFailure().rootCause().isInstanceOf(UnsupportedRedisServerException.class);
				UnsupportedRedisServerException failure = (UnsupportedRedisServerException) rootCause(
						context.getStartupFailure());
				assertThat(failure.property()).isEqualTo("azure.redis.maintenance.enabled");
				assertThat(failure.missingCommands()).containsExactly("SUBSCRIBE");
				assertThat(failure.server()).isEqualTo(description(redis));
			});
		}
	}

	@Test
	void jCacheOnAServerWithoutSortedSetsFailsStartUp() {
		try (RedisServer redis = standIn().config("rename-command", "ZSCORE", "").start()) {
			on(redis).withPropertyValues("spring.cache.type=jcache")
				.run(failsWith("JCache", "azure.redis.jcache.enabled", "ZSCORE", redis));
		}
	}

	/** Every feature with a command check on, one client: one script call reads the commands for all of them. */
	@Test
	void theCommandChecksOfEveryFeatureReadTheCommandTableOnce() {
		try (RedisServer redis = RedisServer.start()) {
			on(redis)
				.withPropertyValues("azure.redis.cache.caches.idle.max-idle=10m",
						"azure.redis.cache.caches.idle.near-cache=false", "azure.redis.cache.near-cache.enabled=true",
						"azure.redis.cache.lease.enabled=true", "azure.redis.jcache.enabled=true",
						"azure.redis.maintenance.enabled=true")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					try (RespClient client = redis.client()) {
						assertThat(client.commandCalls("command")).isEqualTo(1);
					}
				});
		}
	}

	@Test
	void aDatabaseOtherThanZeroInAClusterFailsStartUpBeforeConnecting() {
		this.runner
			.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:1", "spring.data.redis.database=2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("spring.data.redis.database")
				.hasMessageContaining("has database 0 only"));
	}

	@Test
	void aDatabaseOtherThanZeroOnRedisEnterpriseFailsStartUp() {
		try (RedisServer redis = RedisServer.start(); RedisEnterpriseLike enterprise = RedisEnterpriseLike.start(redis)) {
			ApplicationContextRunner runner = this.runner.withPropertyValues("spring.data.redis.host=" + enterprise.host(),
					"spring.data.redis.port=" + enterprise.port());
			runner.withPropertyValues("spring.data.redis.database=3")
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("spring.data.redis.database")
					.hasMessageContaining("Redis Enterprise " + RedisEnterpriseLike.VERSION + " (Redis ")
					.hasMessageContaining(enterprise.host() + ":" + enterprise.port())
					.hasMessageContaining("accepts SELECT but ignores it"));
			runner.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(BookService.class).find("1");
				try (RespClient client = redis.client()) {
					// The fill after a miss is not awaited by the caller.
					await().atMost(Duration.ofSeconds(5)).until(() -> client.integer("EXISTS", "books::1") == 1);
				}
			});
		}
	}

	@Test
	void readsFromReplicasOnRedisEnterpriseAreRefused() {
		try (RedisServer redis = RedisServer.start(); RedisEnterpriseLike enterprise = RedisEnterpriseLike.start(redis)) {
			Config config = new Config();
			config.useSingleServer().setAddress("redis://" + enterprise.host() + ":" + enterprise.port());
			RedissonClient client = Redisson.create(config);
			try {
				RedisEndpoint cluster = new RedisEndpoint(RedisEndpoint.Topology.CLUSTER,
						List.of(new Node(enterprise.host(), enterprise.port())), 0, null, null, null, null);
				RedisServerInfo server = RedisServerInfo.of(client);
				assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
					.isThrownBy(() -> ServerSettingsCheck.requireHonouredBy(server, cluster,
							AzureRedisProperties.ReadFrom.REPLICA))
					.withMessageContaining("azure.redis.cluster.read-from")
					.withMessageContaining("does not support READONLY");
				ServerSettingsCheck.requireHonouredBy(server, cluster, AzureRedisProperties.ReadFrom.MASTER);
			}
			finally {
				client.shutdown();
			}
		}
	}

	private static boolean putSucceeds(org.springframework.cache.Cache cache) {
		try {
			cache.put("k", "v");
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static RedisServer.Builder standIn() {
		return RedisServer.builder().azureCacheForRedis6(true);
	}

	private ApplicationContextRunner on(RedisServer redis) {
		return this.runner.withPropertyValues("spring.data.redis.host=" + redis.host(),
				"spring.data.redis.port=" + redis.port());
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String feature, String property, String command,
			RedisServer redis) {
		String server = description(redis);
		return (context) -> {
			assertThat(context).getFailure().rootCause().isInstanceOf(UnsupportedRedisServerException.class);
			UnsupportedRedisServerException failure = (UnsupportedRedisServerException) rootCause(
					context.getStartupFailure());
			assertThat(failure.feature()).isEqualTo(feature);
			assertThat(failure.property()).startsWith(property);
			assertThat(failure.missingCommands()).containsExactly(command);
			assertThat(failure.server()).isEqualTo(server);
			assertThat(failure.address()).isEqualTo(redis.host() + ":" + redis.port());
			FailureAnalysis analysis = new UnsupportedRedisServerFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(feature, property, command, server,
					redis.host() + ":" + redis.port());
			assertThat(analysis.getAction()).contains("Use a server that offers " + command);
		};
	}

	/** What the server calls itself: {@code Redis 6.2.11}, or Valkey's own version where it is Valkey. */
	private static String description(RedisServer redis) {
		try (RespClient client = redis.client()) {
			Map<String, String> info = new HashMap<>();
			client.string("INFO", "server").lines().filter((line) -> line.contains(":")).forEach((line) -> info
				.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip()));
			return info.containsKey("valkey_version") ? "Valkey " + info.get("valkey_version")
					: "Redis " + info.get("redis_version");
		}
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
