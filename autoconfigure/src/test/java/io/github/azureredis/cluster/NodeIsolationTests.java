package io.github.azureredis.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.cache.NearCacheProbe;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.ShardLoad;
import io.github.azureredis.support.ShardLoad.Call;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import io.github.azureredis.testsupport.Load;
import io.github.azureredis.testsupport.RedisCluster;
import io.github.azureredis.testsupport.TestCertificates;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One master of a real Redis Cluster stops answering for six seconds under load from 16 threads over 3,000 keys on
 * every shard (and 4 more over the keys of the other shards, which keep measuring them while the 16 mostly wait on the
 * frozen one): the calls that need it fail at {@code spring.data.redis.timeout}, with its exception, the calls to the healthy shards neither fail nor slow down (p99 during the freeze at most twice the p99
 * before), and once
 * it answers again every call succeeds; no call ever returns a wrong value. With and without replicas (with them, the
 * cluster fails over during the freeze), plain and behind the Azure-like proxies, the node's process frozen
 * ({@code SIGSTOP}) or its proxy forwarding nothing with its sockets open.
 */
@Tag("integration")
class NodeIsolationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	/**
	 * A call fails at its timeout, retries included: its own deadline throws the timeout's exception, long before
	 * Redisson's attempts (1 + 10 retries, each given half the timeout) would have run out.
	 */
	private static final Duration BOUND = TIMEOUT.dividedBy(2).multipliedBy(11);

	/** What a write waits when its invalidation cannot get through (azure.redis.cache.near-cache.invalidation-timeout). */
	private static final Duration INVALIDATION_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration FREEZE = Duration.ofSeconds(6);

	private static final String OBJECT_ID = "9a7b5c3d-1e2f-4a6b-8c0d-2e4f6a8b0c1d";

	// Healthy masters keep serving their slots while another is down, as they must for isolation to be possible.
	private static final Map<String, String> SERVE_WHILE_A_MASTER_IS_DOWN = Map.of("cluster-require-full-coverage",
			"no");

	@Test
	void frozenMasterWithoutReplicas() {
		// A node timeout longer than the freeze: the cluster never declares the node failed, it is only slow.
		Map<String, String> settings = Map.of("cluster-require-full-coverage", "no", "cluster-node-timeout", "20000");
		try (RedisCluster cluster = RedisCluster.start(3, 0, settings)) {
			plain(cluster).run((context) -> freezeUnderLoad(context.getBean(BookService.class), cluster, 0,
					(node) -> node.server().pause(), (node) -> node.server().resume(), "frozen master, no replicas"));
		}
	}

	@Test
	void frozenMasterWithReplicasFailsOver() {
		try (RedisCluster cluster = RedisCluster.start(3, 1, SERVE_WHILE_A_MASTER_IS_DOWN)) {
			plain(cluster).run((context) -> freezeUnderLoad(context.getBean(BookService.class), cluster, 0,
					(node) -> node.server().pause(), (node) -> node.server().resume(),
					"frozen master, replicas (fails over)"));
		}
	}

	@Test
	void stalledProxyOfAnAzureLikeMaster() {
		FakeEntraId issuer = new FakeEntraId();
		TestCertificates certificates = TestCertificates.createOnlyFor("localhost");
		Map<String, String> settings = Map.of("cluster-require-full-coverage", "no", "cluster-node-timeout", "20000");
		try (RedisCluster cluster = RedisCluster.startAzureLike(3, 0, settings, issuer, certificates, OBJECT_ID)) {
			azureLike(cluster, issuer, certificates).run((context) -> freezeUnderLoad(
					context.getBean(BookService.class), cluster, 0, (node) -> node.proxy().pause(),
					(node) -> node.proxy().resume(), "Azure-like master whose proxy stops forwarding, no replicas"));
		}
	}

	@Test
	void frozenAzureLikeMasterWithReplicasFailsOver() {
		FakeEntraId issuer = new FakeEntraId();
		TestCertificates certificates = TestCertificates.createOnlyFor("localhost");
		try (RedisCluster cluster = RedisCluster.startAzureLike(3, 1, SERVE_WHILE_A_MASTER_IS_DOWN, issuer,
				certificates, OBJECT_ID)) {
			azureLike(cluster, issuer, certificates).run((context) -> freezeUnderLoad(
					context.getBean(BookService.class), cluster, 0, (node) -> node.server().pause(),
					(node) -> node.server().resume(), "frozen Azure-like master, replicas (fails over)"));
		}
	}

	@Test
	void nearCacheWritesAndLocalReadsOfHealthyShardsGoOnWhileAMasterIsFrozen() {
		Map<String, String> settings = Map.of("cluster-require-full-coverage", "no", "cluster-node-timeout", "20000");
		try (RedisCluster cluster = RedisCluster.start(3, 0, settings)) {
			ApplicationContextRunner nearCached = plain(cluster).withPropertyValues(
					"azure.redis.cache.near-cache.enabled=true", "azure.redis.cache.near-cache.probe-interval=1s");
			nearCached.run((reading) -> nearCached.run((writing) -> {
				Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> NearCacheProbe.isReady(reading) && NearCacheProbe.isReady(writing));
				// The master serving the slot a single invalidation channel would live on.
				RedisCluster.Node[] owners = cluster.slotOwners();
				RedisCluster.Node frozen = owners[cluster.slot("azure-redis-cache:near-cache:invalidations")];
				List<String> healthyKeys = new ArrayList<>();
				for (int i = 0; healthyKeys.size() < 30; i++) {
					if (owners[cluster.slot("books::near-" + i)] != frozen) {
						healthyKeys.add("near-" + i);
					}
				}
				BookService reader = reading.getBean(BookService.class);
				BookService writer = writing.getBean(BookService.class);
				healthyKeys.forEach(reader::find);
				healthyKeys.forEach(reader::find);
				int lookups = reader.lookups();
				frozen.server().pause();
				try {
					// Reads of the healthy shards' keys stay local.
					healthyKeys.forEach(reader::find);
					assertThat(reader.lookups()).isEqualTo(lookups);
					List<Duration> writes = new ArrayList<>();
					for (String isbn : healthyKeys) {
						long start = System.nanoTime();
						writer.rename(isbn, "Renamed " + isbn);
						writes.add(Duration.ofNanos(System.nanoTime() - start));
						assertThat(reader.find(isbn).title()).isEqualTo("Renamed " + isbn);
					}
					Duration slowest = writes.stream().max(Duration::compareTo).orElseThrow();
					System.out.printf("Near cache, one of 3 masters frozen: %d writes to healthy shards, slowest %d ms%n",
							writes.size(), slowest.toMillis());
					// None waited for the invalidation timeout, as a write whose invalidation cannot get through does.
					assertThat(slowest).as("slowest write to a healthy shard").isLessThan(INVALIDATION_TIMEOUT);
				}
				finally {
					frozen.server().resume();
				}
			}));
		}
	}

	private static ApplicationContextRunner plain(RedisCluster cluster) {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.clientAddresses()),
					"spring.data.redis.timeout=" + TIMEOUT.toMillis() + "ms", "azure.redis.cluster.scan-interval=1s");
	}

	private static ApplicationContextRunner azureLike(RedisCluster cluster, FakeEntraId issuer,
			TestCertificates certificates) {
		FakeTokenCredential credential = new FakeTokenCredential(issuer, OBJECT_ID, Duration.ofMinutes(10));
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withUserConfiguration(CachingConfiguration.class)
			.withBean(TokenCredential.class, () -> credential)
			.withPropertyValues("spring.data.redis.host=localhost",
					"spring.data.redis.port=" + cluster.endpoint().port(), "azure.redis.cluster.enabled=true",
					"azure.redis.cluster.scan-interval=1s", "spring.data.redis.ssl.enabled=true",
					"spring.data.redis.ssl.bundle=azure",
					"spring.ssl.bundle.pem.azure.truststore.certificate=file:" + certificates.caCertificatePath(),
					"azure.redis.authentication=entra-id", "spring.data.redis.timeout=" + TIMEOUT.toMillis() + "ms");
	}

	private static void freezeUnderLoad(BookService books, RedisCluster cluster, int frozenMaster,
			NodeAction freeze, NodeAction resume, String scenario) {
		RedisCluster.Node frozen = cluster.nodes().get(frozenMaster);
		List<RedisCluster.Node> masters = cluster.masters();
		RedisCluster.Node[] owners = cluster.slotOwners();
		List<String> keys = new ArrayList<>();
		int[] shards = new int[3000];
		for (int i = 0; i < 3000; i++) {
			String isbn = "isbn-" + i;
			keys.add(isbn);
			shards[i] = masters.indexOf(owners[cluster.slot("books::" + isbn)]);
			books.find(isbn);
		}
		int frozenShard = masters.indexOf(frozen);
		assertThat(Arrays.stream(shards).distinct().count()).isEqualTo(3);
		List<Call> calls;
		long frozeAt;
		long resumedAt;
		try (ShardLoad load = ShardLoad.start(books, keys, shards, 16, 4, frozenShard)) {
			Load.sleep(Duration.ofSeconds(3));
			frozeAt = System.nanoTime();
			freeze.apply(frozen);
			Load.sleep(FREEZE);
			resumedAt = System.nanoTime();
			resume.apply(frozen);
			Load.sleep(Duration.ofSeconds(4));
			calls = load.stop();
		}
		long start = calls.stream().mapToLong(Call::startNanos).min().orElseThrow();
		// Before: the last two seconds before the freeze, once the load settled.
		List<Call> healthyBefore = ShardLoad.select(calls,
				(call) -> call.shard() != frozenShard && call.startedWithin(frozeAt - 2_000_000_000L, frozeAt));
		List<Call> healthyDuring = ShardLoad.select(calls,
				(call) -> call.shard() != frozenShard && call.startedWithin(frozeAt, resumedAt));
		List<Call> frozenDuring = ShardLoad.select(calls,
				(call) -> call.shard() == frozenShard && call.startedWithin(frozeAt, resumedAt));
		List<Call> afterRecovery = ShardLoad.select(calls,
				(call) -> call.startedWithin(resumedAt + TIMEOUT.toNanos(), Long.MAX_VALUE));
		Duration p99Before = ShardLoad.percentile(healthyBefore, 99);
		Duration p99During = ShardLoad.percentile(healthyDuring, 99);
		List<Call> frozenFailures = ShardLoad.select(frozenDuring, Call::failed);
		Duration slowestFailure = frozenFailures.stream().map(Call::duration).max(Duration::compareTo)
			.orElse(Duration.ZERO);
		System.out.printf("%s: %d calls; healthy shards p99 %.1f ms before, %.1f ms during the freeze (%d calls, "
				+ "%d failed); frozen shard %d calls, %d failed, slowest failure %d ms; after recovery %d calls, "
				+ "%d failed%n", scenario, calls.size(), p99Before.toNanos() / 1e6, p99During.toNanos() / 1e6,
				healthyDuring.size(), ShardLoad.select(healthyDuring, Call::failed).size(), frozenDuring.size(),
				frozenFailures.size(), slowestFailure.toMillis(), afterRecovery.size(),
				ShardLoad.select(afterRecovery, Call::failed).size());
		assertThat(ShardLoad.select(calls, Call::wrongValue)).as("calls that returned a wrong value").isEmpty();
		assertThat(ShardLoad.select(healthyDuring, Call::failed)).as("failed calls to healthy shards").isEmpty();
		assertThat(healthyDuring).as("calls to healthy shards during the freeze").hasSizeGreaterThan(1000);
		assertThat(p99During).as("healthy shards' p99 during the freeze (before: %s)", p99Before)
			.isLessThanOrEqualTo(p99Before.multipliedBy(2));
		assertThat(frozenFailures).as("calls to the frozen shard that failed").isNotEmpty();
		for (Call failed : frozenFailures) {
			assertThat(failed.failure()).isInstanceOf(QueryTimeoutException.class);
			assertThat(failed.duration()).as("wait of a failed call to the frozen shard").isLessThan(BOUND);
		}
		assertThat(ShardLoad.select(afterRecovery, Call::failed)).as("failed calls after recovery").isEmpty();
		assertThat(start).isLessThan(frozeAt);
	}

	@FunctionalInterface
	private interface NodeAction {

		void apply(RedisCluster.Node node);

	}

}
