package io.github.azureredis.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.connection.redisson.RedisServerInfo;
import io.github.azureredis.observation.AzureRedisObservations;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's commands on Redisson, each sent straight to the node of its key ({@link NodeCommands}) and, with an
 * {@code ObservationRegistry}, observed as a child of the cache operation in scope. Scripts make the operations that
 * need two commands atomic and one round trip; Redisson loads them and runs them as {@code EVALSHA}.
 *
 * @author Azure Redis Cache contributors
 */
final class RedissonCacheStore implements CacheStore {

	private static final Logger logger = LoggerFactory.getLogger(RedissonCacheStore.class);

	// The value and its remaining life in milliseconds (-1: no expiry).
	private static final String GET_WITH_LIFE = "return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}";

	// Time-to-idle where GETEX (Redis 6.2) is missing, as on Azure Cache for Redis (6.0).
	private static final String GET_AND_EXPIRE = "local value = redis.call('GET', KEYS[1]) "
			+ "if value then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
			+ "return value";

	// The existing value, or store the new one (with expiry when ARGV[2] > 0).
	private static final String SET_IF_ABSENT = "local value = redis.call('GET', KEYS[1]) "
			+ "if value then return value end "
			+ "if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
			+ "else redis.call('SET', KEYS[1], ARGV[1]) end "
			+ "return nil";

	private final RedissonClient redisson;

	private final NodeCommands nodes;

	private final AzureRedisObservations observations;

	private final AtomicBoolean getEx = new AtomicBoolean(true);

	RedissonCacheStore(RedissonClient redisson, NodeCommands nodes, AzureRedisObservations observations) {
		this.redisson = redisson;
		this.nodes = nodes;
		this.observations = observations;
	}

	/**
	 * Chooses how time-to-idle reads push the expiry back: {@code GETEX} where the server offers it (less work for
	 * the server than a script: docs/servers.md), else a script that does the same. A store starts with
	 * {@code GETEX}, and turns to the script for good on an unknown command error (a failover to a server without
	 * it), retrying the read with it.
	 * @param offered whether the server offers {@code GETEX}
	 */
	void useGetEx(boolean offered) {
		this.getEx.set(offered);
	}

	@Override
	public CompletableFuture<byte @Nullable []> get(byte[] key) {
		return sent("GET", key, () -> this.nodes.get(key));
	}

	@Override
	public CompletableFuture<byte @Nullable []> getAndExpire(byte[] key, Duration timeToIdle) {
		if (!this.getEx.get()) {
			return getAndExpireByScript(key, timeToIdle);
		}
		return sent("GETEX", key, () -> this.nodes.getEx(key, timeToIdle)).exceptionallyCompose((failure) -> {
			if (!RedisServerInfo.isUnknownCommand(failure)) {
				return CompletableFuture.failedFuture(failure);
			}
			if (this.getEx.compareAndSet(true, false)) {
				logger.info("Redis does not offer GETEX: time-to-idle reads use a script from now on");
			}
			return getAndExpireByScript(key, timeToIdle);
		});
	}

	private CompletableFuture<byte @Nullable []> getAndExpireByScript(byte[] key, Duration timeToIdle) {
		return sent("EVAL", key,
				() -> this.nodes.evalWrite(GET_AND_EXPIRE, key, Long.toString(timeToIdle.toMillis())));
	}

	@Override
	public CompletableFuture<@Nullable ValueWithLife> getWithLife(byte[] key) {
		return sent("EVAL", key, () -> this.nodes.evalReadList(GET_WITH_LIFE, key))
			.thenApply(RedissonCacheStore::valueWithLife);
	}

	private static @Nullable ValueWithLife valueWithLife(@Nullable List<Object> reply) {
		if (reply == null || reply.isEmpty() || !(reply.get(0) instanceof byte[] value)) {
			return null;
		}
		long millis = (reply.size() > 1 && reply.get(1) instanceof Long life) ? life : -1;
		return new ValueWithLife(value, (millis >= 0) ? Duration.ofMillis(millis) : null);
	}

	@Override
	public CompletableFuture<Void> set(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return sent("SET", key, () -> this.nodes.set(key, value, timeToLive));
	}

	@Override
	public CompletableFuture<Void> fill(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return sent("SET", key, () -> this.nodes.setIfAbsent(key, value, timeToLive));
	}

	@Override
	public CompletableFuture<byte @Nullable []> setIfAbsent(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return sent("EVAL", key, () -> this.nodes.evalWrite(SET_IF_ABSENT, key, value,
				Long.toString((timeToLive != null) ? timeToLive.toMillis() : 0)));
	}

	@Override
	public CompletableFuture<Boolean> delete(byte[] key) {
		return sent("DEL", key, () -> this.nodes.del(key)).thenApply((count) -> count != null && count > 0);
	}

	@Override
	public CompletableFuture<Long> deleteMatching(byte[] pattern) {
		// SCAN per master node and UNLINK in batches.
		return this.redisson.getKeys()
			.unlinkByPatternAsync(new String(pattern, StandardCharsets.UTF_8))
			.toCompletableFuture();
	}

	/** Sends a command of one key, observed as a child of the operation in scope. */
	private <T> CompletableFuture<T> sent(String command, byte[] key, Supplier<CompletableFuture<T>> send) {
		return this.observations.command(command, () -> address(key), 1, null, send);
	}

	private java.net.@Nullable InetSocketAddress address(byte[] key) {
		NodeCommands.Shard shard = this.nodes.shard(this.nodes.slot(key));
		return (shard != null) ? shard.address() : null;
	}

}
