package io.github.azureredis.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * closes connections whose token expired) with 10-second tokens, hence a rotation every 7.5 s.
 * <ul>
 * <li>Calls are recorded in one histogram per {@value #SLOT_MILLIS} ms. A rotation's window is the 2 s from the slot
 * in which the new token was issued; a control window is the 2 s midway between two rotations, when only hits
 * happen.</li>
 * <li>Each window is one measurement, so the report compares the median of the rotation windows' p99 with that of the
 * control windows: on a shared machine another tenant's burst of CPU lands in a window or two and moves a pooled p99
 * either way by 2x or more, while a cost that every rotation pays moves the median. The pooled p99s are printed too.
 * The benchmark measures 150 s, about twenty windows of each kind: with eight, the medians still moved by half
 * under load.</li>
 * <li>The warm-up lasts past the first rotation: the first re-authentications after start run code that the hits
 * never ran, and the JIT de-optimizes and recompiles hot methods (Redisson's command encoder, whose AUTH arguments are
 * strings, among them), a cost of the first rotations of an application, not of each. The first rotation measured
 * still often has the slowest window.</li>
 * </ul>
 */
public final class RotationProcess {

	private static final String OBJECT_ID = "0b7e3a54-9c1d-4f2e-8a6b-5d4c3b2a1f0e";

	private static final long SLOT_MILLIS = 100;

	private static final int WINDOW_SLOTS = (int) (2000 / SLOT_MILLIS);

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
			Driver.Call hit = (sequence) -> catalog.find("hit-" + ThreadLocalRandom.current().nextInt(1000));
			Driver.run(threads, Duration.ofSeconds(4), hit);
			// The start-up token and the first rotation's.
			while (credential.issuedTokens().size() < 2) {
				Driver.run(threads, Duration.ofSeconds(1), hit);
			}
			Driver.run(threads, Duration.ofSeconds(2), hit);
			int slots = (int) (seconds * 1000 / SLOT_MILLIS);
			List<Histogram> perSlot = new ArrayList<>();
			for (int s = 0; s < slots; s++) {
				// Two significant digits: 600 slots of three would take a hundred MB.
				perSlot.add(new Histogram(60_000_000_000L, 2));
			}
			AtomicBoolean stop = new AtomicBoolean();
			AtomicLongArray errors = new AtomicLongArray(slots);
			long begin = System.nanoTime();
			Instant beginInstant = Instant.now();
			List<Thread> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Thread worker = new Thread(() -> {
					while (!stop.get()) {
						long start = System.nanoTime();
						boolean failed = false;
						try {
							hit.run(0);
						}
						catch (Exception ex) {
							failed = true;
						}
						long end = System.nanoTime();
						int slot = (int) ((end - begin) / (SLOT_MILLIS * 1_000_000));
						if (slot < slots) {
							if (failed) {
								errors.incrementAndGet(slot);
							}
							Histogram histogram = perSlot.get(slot);
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
			List<Long> rotationSlots = credential.issuedTokens()
				.stream()
				.map((token) -> Math.floorDiv(Duration.between(beginInstant, token.issuedAt()).toMillis(), SLOT_MILLIS))
				.toList();
			List<Window> rotations = new ArrayList<>();
			List<Window> controls = new ArrayList<>();
			for (int i = 0; i < rotationSlots.size(); i++) {
				if (Window.fits(rotationSlots.get(i), slots)) {
					rotations.add(Window.of(rotationSlots.get(i), perSlot, errors));
				}
			}
			for (int i = 1; i < rotationSlots.size(); i++) {
				long first = (rotationSlots.get(i - 1) + rotationSlots.get(i)) / 2 - WINDOW_SLOTS / 2;
				if (Window.fits(first, slots)) {
					Window control = Window.of(first, perSlot, errors);
					if (rotations.stream().noneMatch(control::overlaps)) {
						controls.add(control);
					}
				}
			}
			System.out.println("rotations during the measurement: " + rotations.size() + ", connections closed for "
					+ "expiry: " + redis.closedForExpiry() + ", re-authentications: " + redis.reauthentications());
			System.out.printf(Locale.ROOT, "pooled p99: rotation windows %.0f us, control windows %.0f us%n",
					pooledP99Micros(rotations), pooledP99Micros(controls));
			controls.forEach((window) -> System.out.println(window.measurement("HIT-steady", threads).toLine()));
			rotations.forEach((window) -> System.out.println(window.measurement("HIT-rotation", threads).toLine()));
		}
		System.exit(0);
	}

	private static double pooledP99Micros(List<Window> windows) {
		Histogram pooled = new Histogram(60_000_000_000L, 2);
		windows.forEach((window) -> pooled.add(window.latencies()));
		return pooled.getValueAtPercentile(99) / 1000.0;
	}

	/** Two seconds of calls, from their first slot. */
	private record Window(long firstSlot, Histogram latencies, long errors) {

		static boolean fits(long firstSlot, int slots) {
			return firstSlot >= 0 && firstSlot + WINDOW_SLOTS <= slots;
		}

		static Window of(long firstSlot, List<Histogram> perSlot, AtomicLongArray errors) {
			Histogram latencies = new Histogram(60_000_000_000L, 2);
			long failed = 0;
			for (int s = (int) firstSlot; s < firstSlot + WINDOW_SLOTS; s++) {
				latencies.add(perSlot.get(s));
				failed += errors.get(s);
			}
			return new Window(firstSlot, latencies, failed);
		}

		boolean overlaps(Window other) {
			return this.firstSlot < other.firstSlot + WINDOW_SLOTS && other.firstSlot < this.firstSlot + WINDOW_SLOTS;
		}

		Measurement measurement(String scenario, int threads) {
			return new Measurement("starter-entra-id", scenario, threads,
					this.latencies.getTotalCount() / (WINDOW_SLOTS * SLOT_MILLIS / 1000.0),
					this.latencies.getValueAtPercentile(50) / 1000.0, this.latencies.getValueAtPercentile(99) / 1000.0,
					this.errors);
		}

	}

}
