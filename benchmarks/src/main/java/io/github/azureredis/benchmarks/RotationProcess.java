package io.github.azureredis.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.testsupport.AzureLikeRedis;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import io.github.azureredis.testsupport.TestCertificates;
import org.HdrHistogram.Histogram;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Hit latency around Microsoft Entra ID token rotations: the starter against the Azure-like Redis (TLS proxy that
 * closes connections whose token expired) with 10-second tokens, calls recorded in one histogram per second; the
 * seconds that contain a rotation or follow one are compared with the others.
 */
public final class RotationProcess {

	private static final String OBJECT_ID = "0b7e3a54-9c1d-4f2e-8a6b-5d4c3b2a1f0e";

	private RotationProcess() {
	}

	public static void main(String[] args) {
		int threads = Integer.parseInt(args[0]);
		int seconds = Integer.parseInt(args[1]);
		FakeEntraId issuer = new FakeEntraId();
		TestCertificates certificates = TestCertificates.create();
		FakeTokenCredential credential = new FakeTokenCredential(issuer, OBJECT_ID, Duration.ofSeconds(10));
		try (AzureLikeRedis redis = AzureLikeRedis.start(issuer, certificates, OBJECT_ID);
				ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
					.web(WebApplicationType.NONE)
					.initializers((applicationContext) -> applicationContext.getBeanFactory()
						.registerSingleton("tokenCredential", (TokenCredential) credential))
					.properties("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
							"spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=azure",
							"spring.ssl.bundle.pem.azure.truststore.certificate=file:" + certificates.caCertificatePath(),
							"azure.redis.authentication=entra-id", "logging.level.root=WARN", "spring.main.banner-mode=off")
					.run()) {
			Catalog catalog = context.getBean(Catalog.class);
			for (int i = 0; i < 1000; i++) {
				catalog.find("hit-" + i);
			}
			Driver.run(threads, Duration.ofSeconds(4), (sequence) -> catalog.find("hit-" + ThreadLocalRandom.current().nextInt(1000)));
			List<Histogram> perSecond = new ArrayList<>();
			for (int s = 0; s < seconds; s++) {
				perSecond.add(new Histogram(60_000_000_000L, 3));
			}
			AtomicBoolean stop = new AtomicBoolean();
			AtomicLongArray errors = new AtomicLongArray(seconds + 1);
			long begin = System.nanoTime();
			Instant beginInstant = Instant.now();
			List<Thread> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Thread worker = new Thread(() -> {
					while (!stop.get()) {
						long start = System.nanoTime();
						boolean failed = false;
						try {
							catalog.find("hit-" + ThreadLocalRandom.current().nextInt(1000));
						}
						catch (RuntimeException ex) {
							failed = true;
						}
						long end = System.nanoTime();
						int second = (int) ((end - begin) / 1_000_000_000L);
						if (failed) {
							errors.incrementAndGet(Math.min(second, seconds));
						}
						if (second < seconds) {
							Histogram histogram = perSecond.get(second);
							synchronized (histogram) {
								histogram.recordValue(end - start);
							}
						}
					}
				});
				workers.add(worker);
				worker.start();
			}
			Driver.sleep(Duration.ofSeconds(seconds));
			stop.set(true);
			workers.forEach((worker) -> {
				try {
					worker.join();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			Histogram steady = new Histogram(60_000_000_000L, 3);
			Histogram rotating = new Histogram(60_000_000_000L, 3);
			long steadyErrors = 0;
			long rotatingErrors = 0;
			List<Integer> rotationSeconds = new ArrayList<>();
			for (FakeEntraId.Token token : credential.issuedTokens()) {
				long second = Duration.between(beginInstant, token.issuedAt()).getSeconds();
				if (second >= 0 && second < seconds) {
					rotationSeconds.add((int) second);
				}
			}
			for (int s = 0; s < seconds; s++) {
				boolean nearRotation = rotationSeconds.contains(s) || rotationSeconds.contains(s - 1);
				(nearRotation ? rotating : steady).add(perSecond.get(s));
				if (nearRotation) {
					rotatingErrors += errors.get(s);
				}
				else {
					steadyErrors += errors.get(s);
				}
			}
			System.out.println("rotations during the measurement: " + rotationSeconds.size() + ", connections closed "
					+ "for expiry: " + redis.closedForExpiry() + ", re-authentications: " + redis.reauthentications());
			print("HIT-steady", threads, steady, seconds - 2 * rotationSeconds.size(), steadyErrors);
			print("HIT-rotation", threads, rotating, 2 * rotationSeconds.size(), rotatingErrors);
		}
		System.exit(0);
	}

	private static void print(String scenario, int threads, Histogram histogram, int seconds, long errors) {
		System.out.println(new Measurement("starter-entra-id", scenario, threads,
				histogram.getTotalCount() / (double) Math.max(seconds, 1), histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0, errors).toLine());
	}

}
