package io.github.azureredis.connection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.azureredis.support.TestAutoConfigurations;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values of 20 MB, whose replies span hundreds of socket reads, read back intact, with small replies pipelined
 * behind them on the same connections, over plain TCP and over TLS: the client gathers such replies as composite
 * buffers ({@code LargeRepliesTests}), not in the one buffer Netty merges into by default.
 */
@Tag("integration")
class LargeValueReadsTests {

	private static final int SIZE = 20 * 1024 * 1024;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class));

	@Test
	void largeValuesAndTheRepliesBehindThemReadBackIntactOverTcp() {
		try (RedisServer redis = RedisServer.start()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.timeout=30s")
				.run(LargeValueReadsTests::assertReadBackIntact);
		}
	}

	@Test
	void largeValuesAndTheRepliesBehindThemReadBackIntactOverTls() {
		TestCertificates certificates = TestCertificates.create();
		try (RedisServer redis = RedisServer.builder().tls(certificates).start()) {
			this.runner
				.withPropertyValues("spring.data.redis.host=localhost", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.timeout=30s", "spring.data.redis.ssl.enabled=true",
						"spring.data.redis.ssl.bundle=redis",
						"spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.caCertificatePath())
				.run(LargeValueReadsTests::assertReadBackIntact);
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
