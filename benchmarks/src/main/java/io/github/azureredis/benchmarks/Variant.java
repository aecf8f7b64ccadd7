package io.github.azureredis.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The variants: this starter, what users would pick instead, and candidates. A variant spec is a name, optionally
 * followed by Spring properties: {@code starter:azure.redis.client.connection-pool-size=64,azure.redis.client.netty-threads=4}.
 * {@code benchmark.observations=true} gives a Spring variant an ObservationRegistry with metrics, as Actuator does.
 */
final class Variant {

	/** The variants of a default run, in the order of the report. */
	static final List<String> DEFAULTS = List.of("starter", "starter-near-cache", "boot-lettuce", "redisson-bucket",
			"redisson-spring-cache");

	/** The baseline of the ratios. */
	static final String BASELINE = "boot-lettuce";

	private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

	static {
		DESCRIPTIONS.put("starter", "this starter, default settings");
		DESCRIPTIONS.put("starter-near-cache", "this starter, near cache on");
		DESCRIPTIONS.put("boot-lettuce", "Spring Boot's RedisCacheManager over Lettuce");
		DESCRIPTIONS.put("redisson-bucket", "raw Redisson RBucket, default Redisson configuration");
		DESCRIPTIONS.put("redisson-spring-cache", "Redisson's RedissonSpringCacheManager (TTL, RMapCache), default Redisson configuration");
	}

	private Variant() {
	}

	static String describe(String spec) {
		String name = name(spec);
		String description = name.endsWith(Baseline.SUFFIX)
				? DESCRIPTIONS.getOrDefault(unversioned(name), name) + ", at the baseline commit"
				: DESCRIPTIONS.getOrDefault(name, name);
		return spec.contains(":") ? description + " with " + spec.substring(spec.indexOf(':') + 1) : description;
	}

	static String name(String spec) {
		int colon = spec.indexOf(':');
		return (colon < 0) ? spec : spec.substring(0, colon);
	}

	private static String unversioned(String name) {
		return name.endsWith(Baseline.SUFFIX) ? name.substring(0, name.length() - Baseline.SUFFIX.length()) : name;
	}

	static Subject open(String spec, String host, int port) {
		String name = unversioned(name(spec));
		List<String> properties = new ArrayList<>(List.of("logging.level.root=WARN", "spring.main.banner-mode=off"));
		if (host.contains(",")) {
			// A Redis Cluster: its nodes.
			properties.add("spring.data.redis.cluster.nodes=" + host);
		}
		else {
			properties.addAll(List.of("spring.data.redis.host=" + host, "spring.data.redis.port=" + port));
		}
		int colon = spec.indexOf(':');
		if (colon >= 0) {
			properties.addAll(List.of(spec.substring(colon + 1).split(",")));
		}
		return switch (name) {
			case "starter" -> spring(properties);
			case "starter-near-cache" -> spring(with(properties, "azure.redis.cache.near-cache.enabled=true"));
			case "boot-lettuce" -> spring(with(properties, "azure.redis.enabled=false", "spring.cache.type=redis"));
			case "redisson-spring-cache" -> spring(with(properties, "azure.redis.enabled=false",
					"spring.profiles.active=redisson-spring-cache"));
			case "redisson-bucket" -> redissonBucket(host, port);
			default -> throw new IllegalArgumentException("Unknown variant " + name + "; known: " + DESCRIPTIONS.keySet());
		};
	}

	private static List<String> with(List<String> properties, String... more) {
		List<String> all = new ArrayList<>(properties);
		all.addAll(List.of(more));
		return all;
	}

	private static Subject spring(List<String> properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
		Catalog catalog = context.getBean(Catalog.class);
		return new Subject() {

			@Override
			public Item read(String key) {
				return catalog.find(key);
			}

			@Override
			public void write(String key) {
				catalog.update(key);
			}

			@Override
			public boolean isSpringCache() {
				return true;
			}

			@Override
			public Item readOnce(String key) {
				return catalog.findOnce(key);
			}

			@Override
			public Item query(String key) {
				return catalog.query(key);
			}

			@Override
			public long queries() {
				return catalog.queries();
			}

			@Override
			public int readLarge(String key) {
				return catalog.large(key).length;
			}

			@Override
			public void writeLarge(String key) {
				catalog.replaceLarge(key);
			}

			@Override
			public void close() {
				context.close();
			}

		};
	}

	private static Subject redissonBucket(String host, int port) {
		Config config = new Config();
		config.useSingleServer().setAddress("redis://" + host + ":" + port);
		RedissonClient redisson = Redisson.create(config);
		return new Subject() {

			@Override
			public Item read(String key) {
				RBucket<Item> bucket = redisson.getBucket("bucket::" + key);
				Item item = bucket.get();
				if (item == null) {
					item = Item.of(key);
					bucket.set(item);
				}
				return item;
			}

			@Override
			public void write(String key) {
				redisson.<Item>getBucket("bucket::" + key).set(Item.of(key));
			}

			@Override
			public void close() {
				redisson.shutdown();
			}

		};
	}

}
