package io.github.azureredis.connection;

import java.time.Duration;
import java.time.Instant;

import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.CheckedLoad;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.Load;
import io.github.azureredis.testsupport.RedisReplicaSet;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replicated topologies Spring Boot describes, through the starter's auto-configuration and real processes:
 * sentinels ({@code spring.data.redis.sentinel.*}, passwords for the sentinels and the data nodes) with a failover
 * under load, and a static master with replicas ({@code spring.data.redis.masterreplica.nodes}), where the client
 * finds the master among the nodes and follows a promotion.
 */
@Tag("integration")
class ReplicatedTopologiesTests {

	/** What a failover may cost calls: the sentinels' 1 s down-after, their election, and the client's switch. */
	private static final Duration FAILOVER_WINDOW = Duration.ofSeconds(15);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class);

	@Test
	void sentinelsNameTheMasterAndTheCacheFollowsAFailover() {
		try (RedisReplicaSet redis = RedisReplicaSet.start(1, 3, "data-secret", "sentinel-secret")) {
			this.runner
				.withPropertyValues("spring.data.redis.sentinel.master=" + RedisReplicaSet.MASTER_NAME,
						"spring.data.redis.sentinel.nodes=" + redis.sentinelNodes(),
						"spring.data.redis.sentinel.password=sentinel-secret", "spring.data.redis.password=data-secret")
				.run((context) -> {
					BookService books = context.getBean(BookService.class);
					books.find("before");
					awaitFill(redis.master(), "books::before");
					redis.awaitReplication();
					Instant failedAt;
					Instant promotedAt;
					RedisServer promoted;
					Load.Result result;
					try (CheckedLoad load = CheckedLoad.start(books)) {
						CheckedLoad.sleep(Duration.ofSeconds(1));
						failedAt = Instant.now();
						promoted = redis.failOver();
						promotedAt = Instant.now();
						await().atMost(FAILOVER_WINDOW).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
							books.rename("after", "Written after the failover");
							return true;
						});
						Instant recoveredAt = Instant.now();
						CheckedLoad.sleep(Duration.ofSeconds(2));
						result = load.stop();
						CheckedLoad.assertFailuresWithin(result, failedAt, recoveredAt);
						System.out.printf("Sentinel failover under load: %s; master killed, replica promoted after "
								+ "%d ms, first write to it after %d ms%n", result,
								Duration.between(failedAt, promotedAt).toMillis(),
								Duration.between(failedAt, recoveredAt).toMillis());
					}
					assertThat(exists(promoted, "books::after")).as("a write after the failover, on the new master")
						.isTrue();
					int lookups = books.lookups();
					assertThat(books.find("before").title()).as("an entry written before, replicated")
						.isEqualTo("Title of before");
					assertThat(books.lookups()).isEqualTo(lookups);
					assertThat(context.getBean(StringRedisTemplate.class).opsForValue().get("books::after")).isNotNull();
				});
		}
	}

	@Test
	void masterReplicaNodesWriteToTheMasterWhereverItIsListed() {
		try (RedisReplicaSet redis = RedisReplicaSet.start(2)) {
			RedisServer master = redis.master();
			// The master last: the client asks each node its role.
			String nodes = redis.servers().get(1).host() + ":" + redis.servers().get(1).port() + ","
					+ redis.servers().get(2).host() + ":" + redis.servers().get(2).port() + "," + master.host() + ":"
					+ master.port();
			this.runner.withPropertyValues("spring.data.redis.masterreplica.nodes=" + nodes).run((context) -> {
				BookService books = context.getBean(BookService.class);
				books.find("1");
				books.find("1");
				assertThat(books.lookups()).isEqualTo(1);
				assertThat(exists(master, "books::1")).isTrue();
				redis.awaitReplication();
				assertThat(exists(redis.servers().get(1), "books::1")).isTrue();
				books.evict("1");
				assertThat(exists(master, "books::1")).isFalse();
			});
		}
	}

	@Test
	void masterReplicaFollowsAReplicaPromotedByHand() {
		try (RedisReplicaSet redis = RedisReplicaSet.start(1)) {
			this.runner.withPropertyValues("spring.data.redis.masterreplica.nodes=" + redis.nodes()).run((context) -> {
				BookService books = context.getBean(BookService.class);
				books.find("before");
				awaitFill(redis.master(), "books::before");
				redis.awaitReplication();
				RedisServer former = redis.master();
				RedisServer replica = redis.servers().get(1);
				former.kill();
				try (RespClient client = replica.client()) {
					client.require("REPLICAOF", "NO", "ONE");
				}
				await().atMost(FAILOVER_WINDOW).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
					books.rename("after", "Written after the promotion");
					return true;
				});
				assertThat(exists(replica, "books::after")).isTrue();
				int lookups = books.lookups();
				assertThat(books.find("before").title()).isEqualTo("Title of before");
				assertThat(books.lookups()).isEqualTo(lookups);
			});
		}
	}

	/** The fill after a miss is not awaited by the caller: replication must not start before it landed. */
	private static void awaitFill(RedisServer server, String key) {
		await().atMost(Duration.ofSeconds(5)).until(() -> exists(server, key));
	}

	private static boolean exists(RedisServer server, String key) {
		try (RespClient client = server.client()) {
			return client.integer("EXISTS", key) == 1;
		}
	}

}
