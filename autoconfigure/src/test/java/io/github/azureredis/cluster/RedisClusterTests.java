package io.github.azureredis.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.github.azureredis.cache.NearCacheProbe;
import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.JsrBookService;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisCluster;
import io.github.azureredis.testsupport.RespClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Redis Cluster of 3 masters and 3 replicas: the cache spreads its keys over every master, with cluster
 * nodes from Spring Boot's property or from a single seed (as with Azure Managed Redis's OSS clustering policy).
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
class RedisClusterTests {

	private static RedisCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = RedisCluster.start(3, 1);
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@BeforeEach
	void flushAll() {
		cluster.flushAll();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("azure.redis.cluster.scan-interval=1s");
	}

	@Test
	void cacheKeysSpreadOverEveryMaster() {
		this.runner()
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.clientAddresses()))
			.run((context) -> {
				assertThat(context.getBean(RedissonClient.class).getConfig().isClusterConfig()).isTrue();
				BookService books = context.getBean(BookService.class);
				for (int i = 0; i < 3000; i++) {
					books.find("isbn-" + i);
				}
				for (int i = 0; i < 3000; i++) {
					assertThat(books.find("isbn-" + i).isbn()).isEqualTo("isbn-" + i);
				}
				assertThat(books.lookups()).isEqualTo(3000);
				Map<Integer, Long> keys = cluster.keysPerMaster();
				assertThat(keys).hasSize(3);
				assertThat(keys.values()).allSatisfy((count) -> assertThat(count).isGreaterThan(500));
				assertThat(keys.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3000);
				System.out.printf("3000 cache keys per master: %s%n", keys);

				context.getBean(CacheManager.class).getCache("books").clear();
				assertThat(cluster.keysPerMaster().values()).allSatisfy((count) -> assertThat(count).isZero());
			});
	}

	@Test
	void singleSeedWithClusterEnabled() {
		String seed = cluster.clientAddresses().get(0);
		this.runner()
			.withPropertyValues("spring.data.redis.host=" + seed.substring(0, seed.indexOf(':')),
					"spring.data.redis.port=" + seed.substring(seed.indexOf(':') + 1), "azure.redis.cluster.enabled=true")
			.run((context) -> {
				assertThat(context.getBean(RedissonClient.class).getConfig().isClusterConfig()).isTrue();
				BookService books = context.getBean(BookService.class);
				for (int i = 0; i < 300; i++) {
					books.find("seeded-" + i);
				}
				assertThat(cluster.keysPerMaster()).hasSize(3)
					.allSatisfy((master, count) -> assertThat(count).isPositive());
			});
	}

	@Test
	void clusterNodeReachedWithoutClusterModeIsRefusedWithThePropertyToSet() {
		String seed = cluster.clientAddresses().get(0);
		this.runner()
			.withPropertyValues("spring.data.redis.host=" + seed.substring(0, seed.indexOf(':')),
					"spring.data.redis.port=" + seed.substring(seed.indexOf(':') + 1))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("is a Redis Cluster")
				.hasMessageContaining("azure.redis.cluster.enabled=true"));
	}

	@Test
	void readsGoToReplicasOnReadOnlyConnectionsWhenAsked() {
		this.runner()
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.clientAddresses()),
					"azure.redis.cluster.read-from=replica")
			.run((context) -> {
				BookService books = context.getBean(BookService.class);
				for (int i = 0; i < 300; i++) {
					books.find("replicated-" + i);
				}
				Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					for (int i = 0; i < 300; i++) {
						books.find("replicated-" + i);
					}
					assertThat(replicas().mapToLong(RedisClusterTests::reads).sum()).isPositive();
				});
				assertThat(replicas().filter((replica) -> {
					try (RespClient client = cluster.admin(replica)) {
						// Connections in READONLY mode carry the "r" flag.
						return client.string("CLIENT", "LIST").lines().anyMatch((line) -> line.matches(".* flags=[^ ]*r.*"));
					}
				}).count()).isPositive();
			});
	}

	private static Stream<RedisCluster.Node> replicas() {
		List<RedisCluster.Node> masters = cluster.masters();
		return cluster.nodes().stream().filter((node) -> !masters.contains(node));
	}

	private static long reads(RedisCluster.Node node) {
		try (RespClient client = cluster.admin(node)) {
			return client.commandCalls("get", "mget");
		}
	}

	@Test
	void jcacheWorksUnchangedInClusterMode() {
		this.runner()
			.withBean(JsrBookService.class)
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.clientAddresses()),
					"spring.cache.type=jcache")
			.run((context) -> {
				JsrBookService jsr = context.getBean(JsrBookService.class);
				for (int i = 0; i < 100; i++) {
					jsr.find("jsr-" + i);
				}
				for (int i = 0; i < 100; i++) {
					assertThat(jsr.find("jsr-" + i).isbn()).isEqualTo("jsr-" + i);
				}
				assertThat(jsr.lookups()).isEqualTo(100);
			});
	}

	@Test
	void nearCacheWorksInClusterMode() {
		this.runner()
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.clientAddresses()),
					"azure.redis.cache.near-cache.enabled=true", "azure.redis.cache.near-cache.probe-interval=1s")
			.run((first) -> this.runner()
				.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.clientAddresses()),
						"azure.redis.cache.near-cache.enabled=true", "azure.redis.cache.near-cache.probe-interval=1s")
				.run((second) -> {
					BookService reader = first.getBean(BookService.class);
					BookService writer = second.getBean(BookService.class);
					// Once the invalidation channel is proven live, repeated reads stay local.
					Awaitility.await()
						.atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> {
							reader.find("near");
							reader.find("near");
							int before = reader.lookups();
							reader.find("near");
							assertThat(reader.lookups()).isEqualTo(before);
						});
					for (int round = 0; round < 20; round++) {
						reader.find("near-" + round);
						writer.rename("near-" + round, "Renamed " + round);
						assertThat(reader.find("near-" + round).title()).isEqualTo("Renamed " + round);
					}
				}));
	}

	@Test
	void aLostConnectionToOneMasterDropsTheLocalCopiesOfItsKeysOnly() {
		this.runner()
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.clientAddresses()),
					"azure.redis.cache.near-cache.enabled=true", "azure.redis.cache.near-cache.probe-interval=1s")
			.run((context) -> {
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> NearCacheProbe.isReady(context));
				BookService books = context.getBean(BookService.class);
				for (int i = 0; i < 30; i++) {
					books.find("isbn-" + i);
					books.find("isbn-" + i);
				}
				long before = NearCacheProbe.localCopies(context, "books");
				assertThat(before).isEqualTo(30);
				NodeCommands nodes = Objects.requireNonNull(NodeCommands.of(context.getBean(RedissonClient.class)));
				NodeCommands.Shard shard = Objects.requireNonNull(nodes.shard(nodes.slot("books::isbn-0")));
				NearCacheProbe.connectionLost(context, Objects.requireNonNull(shard.address()));
				assertThat(NearCacheProbe.localCopies(context, "books")).as("copies of the other masters' keys")
					.isPositive()
					.isLessThan(before);
			});
	}

}
