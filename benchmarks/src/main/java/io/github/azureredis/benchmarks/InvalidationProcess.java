package io.github.azureredis.benchmarks;

import java.time.Duration;

import org.HdrHistogram.Histogram;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How long a write through one instance takes to reach another instance's near cache: two application instances
 * (two contexts) on one Redis; the first holds a local copy, the second writes a new version, and the time from the
 * start of the write until the first reads the new version is recorded. Also counts how often the first read
 * after the write returned still saw the old copy.
 */
public final class InvalidationProcess {

	private InvalidationProcess() {
	}

	public static void main(String[] args) {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		int rounds = Integer.parseInt(args[2]);
		String[] properties = { "spring.data.redis.host=" + host, "spring.data.redis.port=" + port,
				"azure.redis.cache.near-cache.enabled=true", "logging.level.root=WARN", "spring.main.banner-mode=off" };
		try (ConfigurableApplicationContext readerContext = start(properties);
				ConfigurableApplicationContext writerContext = start(properties)) {
			Catalog reader = readerContext.getBean(Catalog.class);
			Catalog writer = writerContext.getBean(Catalog.class);
			Driver.sleep(Duration.ofSeconds(2));
			Histogram latencies = new Histogram(60_000_000_000L, 3);
			long staleFirstReads = 0;
			for (int round = 1; round <= rounds; round++) {
				String key = "invalidate-" + (round % 100);
				reader.find(key);
				reader.find(key);
				String expected = round + Item.PAYLOAD;
				long start = System.nanoTime();
				writer.update(key, round);
				boolean firstRead = true;
				while (!reader.find(key).payload().equals(expected)) {
					if (firstRead) {
						staleFirstReads++;
					}
					firstRead = false;
				}
				latencies.recordValue(System.nanoTime() - start);
			}
			System.out.println("first reads after the write returned that still saw the old copy: " + staleFirstReads
					+ " of " + rounds);
			System.out.println(new Measurement("starter-near-cache", "INVALIDATION", 1, rounds,
					latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
					staleFirstReads)
				.toLine());
		}
		System.exit(0);
	}

	private static ConfigurableApplicationContext start(String[] properties) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

}
