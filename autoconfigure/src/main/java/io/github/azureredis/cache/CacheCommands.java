package io.github.azureredis.cache;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.azureredis.connection.redisson.RedisServerInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.cache.RedisCacheConfiguration;

/**
 * The Redis commands the cache sends, by feature (the commands of its scripts included), checked against the server
 * at start-up: a server without one stops the application with a report naming the feature and its property
 * ({@link RedisServerInfo#requireCommands}), instead of failing every call of the feature.
 * <p>
 * Scripts run as {@code EVALSHA}, loaded with {@code SCRIPT LOAD} when the server does not know them yet. Every
 * command here is in Redis 6.0 and allowed by Azure Cache for Redis and Azure Managed Redis (docs/servers.md).
 *
 * @author Azure Redis Cache contributors
 */
final class CacheCommands {

	/** Reads (one key, or several coalesced), writes, evictions, clears (SCAN and UNLINK), {@code putIfAbsent}. */
	static final List<String> CACHE = List.of("GET", "MGET", "SET", "DEL", "SCAN", "UNLINK", "EVALSHA", "SCRIPT");

	/**
	 * Time-to-idle: {@code GETEX} where the server has it (Redis 6.2), else a script that reads the value and pushes
	 * its expiry back; the script must work wherever {@code GETEX} may go missing (a failover to an older server).
	 */
	static final List<String> TIME_TO_IDLE = List.of("EVALSHA", "SCRIPT", "GET", "PEXPIRE");

	private static final String GETEX = "GETEX";

	/** The near cache: reads with the remaining life (a script), invalidations over Pub/Sub. */
	static final List<String> NEAR_CACHE = List.of("EVALSHA", "SCRIPT", "GET", "PTTL", "PUBLISH", "SUBSCRIBE");

	/**
	 * Leases: a script takes one with {@code SET NX PX} unless the entry is fresh ({@code PTTL}); a script writes the
	 * value, releases the lease and publishes the key, or only releases and publishes; waiters listen on a channel.
	 */
	static final List<String> LEASES = List.of("SET", "GET", "PTTL", "DEL", "EVALSHA", "SCRIPT", "PUBLISH",
			"SUBSCRIBE");

	/** Fail-safe and refresh-ahead: reads with the remaining life (a script). */
	static final List<String> LOAD_POLICY = List.of("EVALSHA", "SCRIPT", "GET", "PTTL");

	private CacheCommands() {
	}

	/**
	 * Fails unless the server offers every command of the features in use, and tells the store whether time-to-idle
	 * can use {@code GETEX}.
	 * @param server the server
	 * @param useGetEx told whether the server offers {@code GETEX}
	 * @param properties the starter's cache properties, to name the one that turned time-to-idle on
	 * @param defaults the configuration of caches created on first use
	 * @param caches the configuration of the named caches
	 * @param nearCache the property that turned the near cache on, or {@code null} when no cache is near cached
	 * @param leases the property that turned leases on, or {@code null} when no cache computes its misses once
	 * across instances
	 * @param loadPolicy the property that turned fail-safe or refresh-ahead on, or {@code null} when no cache has
	 * them
	 */
	static void requireOffered(RedisServerInfo server, Consumer<Boolean> useGetEx,
			AzureRedisCacheProperties properties, RedisCacheConfiguration defaults,
			Map<String, RedisCacheConfiguration> caches, @Nullable String nearCache, @Nullable String leases,
			@Nullable String loadPolicy) {
		String timeToIdle = timeToIdleSetting(properties, defaults, caches);
		server.requireCommands("The Redis cache", "spring.cache.type", "or choose another cache (spring.cache.type).",
				CACHE);
		if (timeToIdle != null) {
			server.requireCommands("Time-to-idle", timeToIdle, "or use a time-to-live instead.", TIME_TO_IDLE);
			useGetEx.accept(server.missingCommands(List.of(GETEX)).isEmpty());
		}
		if (nearCache != null) {
			server.requireCommands("The near cache", nearCache, "or turn the near cache off.", NEAR_CACHE);
		}
		if (leases != null) {
			server.requireCommands("Computing a miss once across instances", leases, "or turn leases off.", LEASES);
		}
		if (loadPolicy != null) {
			server.requireCommands("Fail-safe and refresh-ahead", loadPolicy, "or remove it.", LOAD_POLICY);
		}
	}

	/** The setting that turned time-to-idle on, or {@code null} if no cache has it. */
	private static @Nullable String timeToIdleSetting(AzureRedisCacheProperties properties,
			RedisCacheConfiguration defaults, Map<String, RedisCacheConfiguration> caches) {
		for (Map.Entry<String, RedisCacheConfiguration> cache : caches.entrySet()) {
			if (cache.getValue().isTimeToIdleEnabled()) {
				AzureRedisCacheProperties.CacheSpec spec = properties.getCaches().get(cache.getKey());
				return (spec != null && spec.getMaxIdle() != null)
						? "azure.redis.cache.caches." + cache.getKey() + ".max-idle"
						: "enableTimeToIdle() of cache '" + cache.getKey() + "'";
			}
		}
		return defaults.isTimeToIdleEnabled() ? "enableTimeToIdle() of the default RedisCacheConfiguration" : null;
	}

}
