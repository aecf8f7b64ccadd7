package io.github.azureredis.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.LatencyProxy;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.TestCertificates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Values of 20 MB, whose replies span hundreds of socket reads, read back intact, with small replies pipelined
 * behind them on the same connections (a pool below 10 connections, where Redisson pipelines), over plain TCP and
 * over TLS: the client gathers such replies as composite buffers ({@code LargeRepliesTests}), not in the one buffer
 * Netty merges into by default. With a pool of 10 or more, a small read does not wait behind a large reply at all.
 */
@Tag("integration")
class LargeValueReadsTests {

	private static final int SIZE = 20 * 1024 * 1024;

	/** A pool where Redisson pipelines concurrent commands over each connection: the default. */
	private static final String PIPELINING_POOL = "azure.redis.client.connection-pool-size=4";

	/** A pool where each command in flight has a connection to itself. */
	private static final String CONNECTION_PER_COMMAND_POOL = "azure.redis.client.connection-pool-size=10";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class));

	@Test
	void largeValuesAndTheRepliesBehindThemReadBackIntactOverTcp() {
		try (RedisServer redis = RedisServer.start()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.timeout=30s", PIPELINING_POOL)
				.run(LargeValueReadsTests::assertReadBackIntact);
		}
	}

	@Test
	void largeValuesAndTheRepliesBehindThemReadBackIntactOverTls() {
		TestCertificates certificates = TestCertificates.create();
		try (RedisServer redis = RedisServer.builder().tls(certificates).start()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.timeout=30s", PIPELINING_POOL, "spring.data.redis.ssl.enabled=true",
						"spring.data.redis.ssl.bundle=redis",
						"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.caCertificatePath())
				.run(LargeValueReadsTests::assertReadBackIntact);
		}
	}

	/**
	 * Each connection's replies pass at 8 MB/s, so a 16 MB value takes about two seconds to arrive. With a pool of
	 * 10, each command in flight has a connection to itself, and small reads made meanwhile are answered at once;
	 * pipelined (the default pool), those that took the large reply's connection would be answered after it.
	 */
	@Test
	void aSmallReadDoesNotWaitForALargeReplyUnderWay() throws Exception {
		byte[] large = new byte[16 * 1024 * 1024];
		new Random(16).nextBytes(large);
		try (RedisServer redis = RedisServer.start();
				LatencyProxy link = new LatencyProxy("127.0.0.1", redis.port(), Duration.ZERO, 8 * 1024 * 1024)) {
			this.runner.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + link.port(),
						"spring.data.redis.timeout=30s", CONNECTION_PER_COMMAND_POOL)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Cache cache = context.getBean(CacheManager.class).getCache("files");
					cache.put("large", large);
					cache.put("small", "value");
					long before = link.bytesToClients();
					CompletableFuture<byte[]> largeRead = CompletableFuture
						.supplyAsync(() -> cache.get("large", byte[].class));
					await().atMost(Duration.ofSeconds(10)).until(() -> link.bytesToClients() - before > 1024 * 1024);
					// More reads than connections: pipelined, some would take the large reply's connection.
					for (int i = 0; i < 20; i++) {
						assertThat(cache.get("small", String.class)).isEqualTo("value");
					}
					assertThat(largeRead.isDone()).as("the large read done when the small reads made after it were")
						.isFalse();
					assertThat(sha256(largeRead.get(30, TimeUnit.SECONDS))).isEqualTo(sha256(large));
				});
		}
	}

	private static void assertReadBackIntact(AssertableApplicationContext context) throws Exception {
		assertThat(context).hasNotFailed();
		RedissonClient client = context.getBean(RedissonClient.class);
		byte[] large = new byte[SIZE];
		new Random(25).nextBytes(large);
		RBucket<byte[]> largeBucket = client.getBucket("large", ByteArrayCodec.INSTANCE);
		largeBucket.set(large);
		for (int i = 0; i < 50; i++) {
			client.getBucket("small-" + i, ByteArrayCodec.INSTANCE).set(("value " + i).getBytes(StandardCharsets.UTF_8));
		}
		List<CompletableFuture<byte[]>> larges = new ArrayList<>();
		List<CompletableFuture<byte[]>> smalls = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			larges.add(largeBucket.getAsync().toCompletableFuture());
			for (int i = 0; i < 50; i++) {
				smalls.add(client.<byte[]>getBucket("small-" + i, ByteArrayCodec.INSTANCE).getAsync().toCompletableFuture());
			}
		}
		for (CompletableFuture<byte[]> read : larges) {
			byte[] value = read.get(30, TimeUnit.SECONDS);
			assertThat(value).hasSize(SIZE);
			assertThat(sha256(value)).isEqualTo(sha256(large));
		}
		for (int i = 0; i < smalls.size(); i++) {
			assertThat(new String(smalls.get(i).get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8))
				.isEqualTo("value " + (i % 50));
		}
	}

	private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

}
