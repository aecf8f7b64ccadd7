package com.example.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import javax.cache.configuration.MutableConfiguration;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.testsupport.AzureLikeRedis;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.github.azureredis.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.codec.Kryo5Codec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter on another Redisson than its own, behind an Azure-like endpoint (TLS, Microsoft Entra ID tokens,
 * a failover that moves the primary behind one address): every path on which the starter reaches into Redisson's
 * internals is taken, so that a Redisson release that changes one fails here, naming it.
 */
@SpringBootTest(properties = { "spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=azure",
		"azure.redis.authentication=entra-id", "azure.redis.maintenance.enabled=true",
		"azure.redis.cache.caches.near.near-cache=true", "azure.redis.cache.caches.idle.max-idle=1m",
		"azure.redis.jcache.enabled=true" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedissonUpgradeTests {

	private static final String OBJECT_ID = UUID.randomUUID().toString();

	private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

	private static final FakeEntraId issuer = new FakeEntraId();

	private static final TestCertificates certificates = TestCertificates.create();

	private static final RedisServer first = backend();

	private static final RedisServer second = backend();

	private static final AtomicReference<RedisServer> primary = new AtomicReference<>(first);

	private static final AzureLikeRedis endpoint = AzureLikeRedis.endpoint(issuer, certificates, primary::get,
			ADMIN_PASSWORD);

	@Autowired
	private ProductCatalog catalog;

	@Autowired
	private CacheManager cacheManager;

	@Autowired
	private javax.cache.CacheManager jcacheManager;

	@Autowired
	private RedissonClient redisson;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", endpoint::host);
		registry.add("spring.data.redis.port", endpoint::port);
		registry.add("spring.ssl.bundle.pem.azure.truststore.certificate",
				() -> "file:" + certificates.caCertificatePath());
	}

	@AfterAll
	static void stop() {
		endpoint.close();
		first.close();
		second.close();
	}

	@Test
	void runsOnTheUpgradedRedisson() {
		assertThat(Redisson.class.getPackage().getImplementationVersion())
			.isEqualTo(System.getProperty("expected.redisson.version"));
	}

	/** Reads sent to their node, concurrent ones coalesced into MGETs; writes and evictions. */
	@Test
	void concurrentReadsWritesAndEvictions() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(16);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int thread = 0; thread < 16; thread++) {
				done.add(threads.submit(() -> {
					for (int i = 0; i < 200; i++) {
						String id = Integer.toString(i % 40);
						assertThat(this.catalog.find(id).name()).isIn("Product " + id, "Renamed " + id);
					}
				}));
			}
			for (Future<?> each : done) {
				each.get();
			}
		}
		finally {
			threads.shutdown();
		}
		assertThat(this.catalog.rename("7", "Renamed 7").name()).isEqualTo("Renamed 7");
		assertThat(this.catalog.find("7").name()).isEqualTo("Renamed 7");
		this.catalog.remove("7");
		assertThat(this.catalog.find("7").name()).isEqualTo("Product 7");
	}

	/** The near cache: reads with the remaining life (a script), invalidations over Pub/Sub per shard. */
	@Test
	void nearCache() {
		Cache near = this.cacheManager.getCache("near");
		near.put("k", new Product("k", "near", null));
		assertThat(near.get("k", Product.class)).isEqualTo(new Product("k", "near", null));
		assertThat(near.get("k", Product.class)).isEqualTo(new Product("k", "near", null));
		near.evict("k");
		assertThat(near.get("k")).isNull();
	}

	/** Time-to-idle: GETEX, or the script where the server lacks it. */
	@Test
	void timeToIdle() {
		Cache idle = this.cacheManager.getCache("idle");
		idle.put("k", "v");
		assertThat(idle.get("k", String.class)).isEqualTo("v");
		assertThat(idle.putIfAbsent("k", "other").get()).isEqualTo("v");
	}

	/** A JCache cache gets the starter's codec through the client's configuration; the client keeps its own. */
	@Test
	void jcacheGetsTheStartersCodec() {
		javax.cache.Cache<Object, Object> cache = this.jcacheManager.createCache("direct",
				new MutableConfiguration<>());
		cache.put("k", new Product("k", "through JCache", null));
		assertThat(cache.get("k")).isEqualTo(new Product("k", "through JCache", null));
		try (RespClient admin = RespClient.connect(primary.get().host(), primary.get().port())) {
			admin.require("AUTH", AzureLikeRedis.adminUser(), ADMIN_PASSWORD);
			byte[] stored = (byte[]) admin.require("HGET", "direct", "k");
			assertThat(stored[0]).as("the starter's JCache format marker").isEqualTo((byte) 0x01);
		}
		assertThat(this.redisson.getConfig().getCodec()).isInstanceOf(Kryo5Codec.class);
		assertThat(this.redisson.getMap("applications-own-map").getCodec()).isInstanceOf(Kryo5Codec.class);
	}

	/** Connections the server closes mid-use: commands retried at once, the cache still answers. */
	@Test
	void connectionsClosedByTheServer() {
		this.catalog.find("before-kill");
		try (RespClient admin = RespClient.connect(primary.get().host(), primary.get().port())) {
			admin.require("AUTH", AzureLikeRedis.adminUser(), ADMIN_PASSWORD);
			admin.require("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
		}
		for (int i = 0; i < 20; i++) {
			assertThat(this.catalog.find("after-kill-" + i).name()).isEqualTo("Product after-kill-" + i);
		}
	}

	/** After a failover behind the single endpoint, every connection is reopened, on the new primary. Last. */
	@Test
	@Order(Integer.MAX_VALUE)
	void failoverReconnectsEveryConnection() throws InterruptedException {
		for (int i = 0; i < 10; i++) {
			this.catalog.find("warm-" + i);
		}
		assertThat(openOn(first)).isPositive();
		// A connection still being opened (by Redisson's watchdog after the kill above, or its pool) when the
		// notification arrives is not in Redisson's pools yet and may complete on the former primary: a known limit
		// (docs/maintenance.md). What this test holds is that every open connection moves.
		awaitSettledConnections();
		primary.set(second);
		try {
			assertThat(endpoint.publish(AzureLikeRedis.notification("NodeMaintenanceFailoverComplete", null, false,
					"127.0.0.1", endpoint.port(), first.port())))
				.isPositive();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (openOn(first) > 0 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(openOn(first)).as(() -> "connections left on the former primary, whose CLIENT LIST is:\n"
					+ clientList(first)).isZero();
			assertThat(this.catalog.find("after-failover").name()).isEqualTo("Product after-failover");
		}
		finally {
			primary.set(first);
		}
	}

	private static void awaitSettledConnections() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline && endpoint.connections()
			.stream()
			.anyMatch((connection) -> connection.closedAt() == null && (connection.authenticatedAt().isEmpty()
					|| connection.openedAt().isAfter(java.time.Instant.now().minusSeconds(1))))) {
			Thread.sleep(50);
		}
	}

	private static long openOn(RedisServer backend) {
		return endpoint.connections()
			.stream()
			.filter((connection) -> connection.closedAt() == null && connection.backendPort() == backend.port())
			.count();
	}

	private static String clientList(RedisServer backend) {
		try (RespClient admin = RespClient.connect(backend.host(), backend.port())) {
			admin.require("AUTH", AzureLikeRedis.adminUser(), ADMIN_PASSWORD);
			Object list = admin.require("CLIENT", "LIST");
			return (list instanceof byte[] bytes) ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
					: String.valueOf(list);
		}
	}

	private static RedisServer backend() {
		return RedisServer.builder()
			.config("aclfile", AzureLikeRedis.aclFile(ADMIN_PASSWORD, List.of(OBJECT_ID)).toString())
			.start();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class EntraId {

		@Bean
		TokenCredential tokenCredential() {
			return new FakeTokenCredential(issuer, OBJECT_ID, Duration.ofMinutes(30));
		}

	}

}
