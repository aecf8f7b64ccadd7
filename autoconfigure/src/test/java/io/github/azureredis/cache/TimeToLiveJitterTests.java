package io.github.azureredis.cache;

import java.time.Duration;
import java.util.Arrays;

import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 entries written in one burst: without jitter they expire within the time the burst took; with
 * {@code time-to-live-jitter} their expiry spreads over the jitter, evenly, and none lives longer than its time to
 * live (docs/hot-keys.md).
 */
@Tag("integration")
class TimeToLiveJitterTests {

	private static final int ENTRIES = 10_000;

	private static final Duration TIME_TO_LIVE = Duration.ofMinutes(10);

	private static final Duration JITTER = Duration.ofMinutes(1);

	private static final RedisServer redis = RedisServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"spring.cache.redis.time-to-live=" + TIME_TO_LIVE.toSeconds() + "s");

	@BeforeEach
	void emptyRedis() {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void entriesWrittenTogetherExpireSpreadOverTheJitter() {
		this.runner.withPropertyValues("azure.redis.cache.time-to-live-jitter=" + JITTER.toSeconds() + "s")
			.run((context) -> {
				Expiries expiries = burst(context.getBean(CacheManager.class).getCache("reports"));
				System.out.printf("Jitter %s on %s: %d entries written in %d ms expire over %d ms "
						+ "(remaining lives %d..%d ms); per tenth of the jitter: %s%n", JITTER, TIME_TO_LIVE, ENTRIES,
						expiries.burstMillis(), expiries.spreadMillis(), expiries.shortest(), expiries.longest(),
						Arrays.toString(expiries.perTenth(JITTER)));
				assertThat(expiries.longest()).as("longest remaining life").isLessThanOrEqualTo(TIME_TO_LIVE.toMillis());
				assertThat(expiries.shortest()).as("shortest remaining life")
					.isGreaterThanOrEqualTo(TIME_TO_LIVE.minus(JITTER).toMillis() - expiries.elapsedMillis());
				assertThat(expiries.spreadMillis()).as("spread of the expiry times")
					.isGreaterThan(JITTER.toMillis() * 9 / 10);
				// Evenly: each tenth of the window holds about a tenth of the entries.
				assertThat(Arrays.stream(expiries.perTenth(JITTER)).boxed().toList())
					.allSatisfy((count) -> assertThat(count).isBetween(ENTRIES / 20, ENTRIES * 3 / 20));
			});
	}

	@Test
	void withoutJitterEntriesWrittenTogetherExpireWithinTheBurst() {
		this.runner.run((context) -> {
			Expiries expiries = burst(context.getBean(CacheManager.class).getCache("reports"));
			System.out.printf("No jitter on %s: %d entries written in %d ms expire over %d ms%n", TIME_TO_LIVE, ENTRIES,
					expiries.burstMillis(), expiries.spreadMillis());
			assertThat(expiries.spreadMillis()).as("spread of the expiry times")
				.isLessThanOrEqualTo(expiries.burstMillis() + 1000);
		});
	}

	/** Writes the entries, then reads when each expires: the time of its read plus its remaining life. */
	private static Expiries burst(Cache cache) {
		long start = System.nanoTime();
		for (int i = 0; i < ENTRIES; i++) {
			cache.put("entry-" + i, "value " + i);
		}
		long written = System.nanoTime();
		long[] expiries = new long[ENTRIES];
		long[] remaining = new long[ENTRIES];
		try (RespClient client = redis.client()) {
			for (int i = 0; i < ENTRIES; i++) {
				remaining[i] = client.integer("PTTL", "reports::entry-" + i);
				expiries[i] = (System.nanoTime() - start) / 1_000_000 + remaining[i];
			}
		}
		return new Expiries(expiries, remaining, (written - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
	}

	/**
	 * When the entries expire, in milliseconds since the burst began, their remaining lives when read, how long the
	 * burst took, and how long since it began when the last was read.
	 */
	private record Expiries(long[] at, long[] remaining, long burstMillis, long elapsedMillis) {

		long spreadMillis() {
			return Arrays.stream(this.at).max().orElseThrow() - Arrays.stream(this.at).min().orElseThrow();
		}

		long shortest() {
			return Arrays.stream(this.remaining).min().orElseThrow();
		}

		long longest() {
			return Arrays.stream(this.remaining).max().orElseThrow();
		}

		/** How many expire in each tenth of the window from the earliest expiry on. */
		int[] perTenth(Duration window) {
			long earliest = Arrays.stream(this.at).min().orElseThrow();
			int[] counts = new int[10];
			for (long expiry : this.at) {
				counts[(int) Math.min(9, (expiry - earliest) * 10 / window.toMillis())]++;
			}
			return counts;
		}

	}

}
