package io.github.azureredis.jcache;

import java.util.List;

import io.github.azureredis.connection.redisson.RedisServerInfo;

/**
 * The Redis commands Redisson's JCache sends (the commands of its scripts and of its expiry task included, read from
 * Redisson 4.6's {@code JCache} and {@code JCacheEvictionTask}), checked against the server at start-up, so that a
 * server without one stops the application with a report rather than failing every JCache call. Every one is in
 * Redis 6.0 and allowed by Azure Cache for Redis and Azure Managed Redis (docs/servers.md).
 *
 * @author Azure Redis Cache contributors
 */
final class JCacheCommands {

	/** Entries in a hash, expiry times in a sorted set, events over Pub/Sub, all in scripts. */
	static final List<String> JCACHE = List.of("EVALSHA", "SCRIPT", "GET", "INCR", "DECR", "DEL", "HGET", "HMGET",
			"HSET", "HDEL", "HEXISTS", "HSCAN", "ZADD", "ZRANGE", "ZRANGEBYSCORE", "ZREM", "ZSCORE", "PUBLISH",
			"SUBSCRIBE");

	private JCacheCommands() {
	}

	static void requireOffered(RedisServerInfo server) {
		server.requireCommands("JCache", "azure.redis.jcache.enabled",
				"or turn JCache off (azure.redis.jcache.enabled=false; spring.cache.type=redis for the starter's Spring "
						+ "cache).",
				JCACHE);
	}

}
