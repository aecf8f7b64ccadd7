package io.github.azureredis.cache;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.azureredis.cache.RedisExceptionTranslator;
import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.RedisAccess;
import io.github.azureredis.connection.redisson.RedisServerInfo;
import io.github.azureredis.observation.AzureRedisObservations;
import io.github.azureredis.observation.CacheOperationContext.Operation;
import io.github.azureredis.observation.CacheOperationContext.Result;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.connection.ConnectionManager;
import org.redisson.connection.MasterSlaveEntry;
import org.redisson.spring.data.connection.RedissonConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.lang.Contract;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.cache.CacheStatistics;
import org.springframework.data.redis.cache.CacheStatisticsCollector;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnection;

/**
 * Spring Data's {@link RedisCacheWriter} straight on Redisson's command executor: one key per entry, native
 * expiry, and no Spring Data connection object, connection translation or locking per call. Keeps Spring Data's
 * cache semantics ({@code RedisCache} on top does key and value serialization, null handling and statistics), adds
 * asynchronous retrieval ({@code CompletableFuture} and reactive {@code @Cacheable} methods), and completes every
 * write before returning so that the next read sees it.
 * <p>
 * Concurrent reads go through a {@link ReadCoalescer}, which sends reads queued behind the ones in flight to the same
 * node as one {@code MGET}.
 * <p>
 * Every call waits for Redis at most the client's command timeout ({@code spring.data.redis.timeout}, relaxed during
 * an announced maintenance: {@link CommandTimeout}), Redisson's retries and reconnections included: Redisson bounds
 * each attempt and then retries, so one command could otherwise take its attempt timeout times the number of
 * attempts. A call that runs out of time cancels its command and fails with a {@link QueryTimeoutException}. Retries
 * that fit in the time (a connection closed mid-command, a reconnection) still hide the fault from the caller.
 * Failures are Spring's {@code DataAccessException}s ({@link RedisExceptionTranslator}).
 * <p>
 * With an {@code ObservationRegistry}, every operation is an observation, and every command it sends a child of it
 * ({@link AzureRedisObservations}).
 *
 * @author Azure Redis Cache contributors
 */
final class RedissonCacheWriter implements RedisCacheWriter {

	private static final Logger logger = LoggerFactory.getLogger(RedissonCacheWriter.class);

	// The value and its remaining life in milliseconds (-1: no expiry), for the near cache.
	private static final String GET_WITH_LIFE = "return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}";

	// Time-to-idle where GETEX (Redis 6.2) is missing, as on Azure Cache for Redis (6.0): the value, its expiry pushed
	// back to ARGV[1] ms.
	private static final String GET_AND_EXPIRE = "local value = redis.call('GET', KEYS[1]) "
			+ "if value then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
			+ "return value";

	// One round trip, atomic: the existing value, or store the new one (with expiry when ARGV[2] > 0).
	private static final String PUT_IF_ABSENT = "local value = redis.call('GET', KEYS[1]) "
			+ "if value then return value end "
			+ "if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) "
			+ "else redis.call('SET', KEYS[1], ARGV[1]) end "
			+ "return nil";

	private final RedissonClient redisson;

	private final CommandAsyncExecutor executor;

	private final CommandTimeout commandTimeout;

	private final ReadCoalescer reads;

	private final CacheStatisticsCollector statistics;

	private final AtomicReference<RedissonCacheWriter> latest;

	private final AtomicBoolean getEx;

	private final RedissonConnectionFactory connections;

	private final AzureRedisObservations observations;

	private final @Nullable RedisAccess access;

	RedissonCacheWriter(RedissonClient redisson, CommandAsyncExecutor executor, CommandTimeout commandTimeout,
			ReadCoalescer reads, CacheStatisticsCollector statistics, AzureRedisObservations observations,
			@Nullable RedisAccess access) {
		this(redisson, executor, commandTimeout, reads, statistics, new AtomicReference<>(), new AtomicBoolean(true),
				new RedissonConnectionFactory(redisson), observations, access);
	}

	private RedissonCacheWriter(RedissonClient redisson, CommandAsyncExecutor executor, CommandTimeout commandTimeout,
			ReadCoalescer reads, CacheStatisticsCollector statistics, AtomicReference<RedissonCacheWriter> latest,
			AtomicBoolean getEx, RedissonConnectionFactory connections, AzureRedisObservations observations,
			@Nullable RedisAccess access) {
		this.redisson = redisson;
		this.executor = executor;
		this.commandTimeout = commandTimeout;
		this.reads = reads;
		this.statistics = statistics;
		this.latest = latest;
		this.getEx = getEx;
		this.connections = connections;
		this.observations = observations;
		this.access = access;
		latest.set(this);
	}

	/**
	 * The writer last derived from this one with {@link #withStatisticsCollector}, or this one: what Spring Data's
	 * {@code RedisCacheManagerBuilder} ends up using after customizers enabled statistics. The builder derives that
	 * writer inside {@code build()} and has no getter for it, nor does the manager it builds expose its writer
	 * (a protected getter): this family of writers remembers it instead.
	 * @return the latest writer of this family
	 */
	RedissonCacheWriter latest() {
		return Objects.requireNonNull(this.latest.get());
	}

	/**
	 * Chooses how time-to-idle reads push the expiry back: {@code GETEX} where the server offers it (less work for
	 * the server than a script: docs/servers.md), else a script that does the same. This family of writers starts
	 * with {@code GETEX}, and turns to the script for good on an unknown command error (a failover to a server
	 * without it), retrying the read with it.
	 * @param offered whether the server offers {@code GETEX}
	 */
	void useGetEx(boolean offered) {
		this.getEx.set(offered);
	}

	@Override
	public byte @Nullable [] get(String name, byte[] key) {
		return this.observations.cacheOperation(name, Operation.GET, () -> {
			requireAccess();
			return counted(name, await(this.reads.get(key)));
		}, RedissonCacheWriter::readResult);
	}

	@Override
	public byte @Nullable [] get(String name, byte[] key, @Nullable Duration ttl) {
		if (!hasExpiry(ttl)) {
			return get(name, key);
		}
		// Time-to-idle: read and push the expiry back in one round trip.
		return this.observations.cacheOperation(name, Operation.GET, () -> {
			requireAccess();
			return counted(name, await(getAndExpire(key, ttl)));
		}, RedissonCacheWriter::readResult);
	}

	/**
	 * Reads a value with its remaining life in Redis, for a near cache to keep a copy no longer than that.
	 * @param name the cache name
	 * @param key the key
	 * @return the value and its remaining life ({@code null} life: no expiry), or {@code null} when absent
	 */
	@Nullable ValueWithLife getWithLife(String name, byte[] key) {
		return this.observations.cacheOperation(name, Operation.GET, () -> readWithLife(name, key),
				(value) -> (value != null) ? Result.HIT : Result.MISS);
	}

	private @Nullable ValueWithLife readWithLife(String name, byte[] key) {
		requireAccess();
		List<Object> result = await(sent("EVAL", key, () -> this.executor
			.evalReadAsync(new String(key, StandardCharsets.UTF_8), ByteArrayCodec.INSTANCE, RedisCommands.EVAL_LIST,
					GET_WITH_LIFE, Collections.singletonList(key))));
		byte[] value = (result != null && !result.isEmpty()) ? (byte[]) result.get(0) : null;
		counted(name, value);
		if (result == null || value == null) {
			return null;
		}
		long millis = (result.size() > 1 && result.get(1) instanceof Long life) ? life : -1;
		return new ValueWithLife(value, (millis >= 0) ? Duration.ofMillis(millis) : null);
	}

	/**
	 * Counts a hit served from a local copy, so that statistics cover every read.
	 * @param name the cache name
	 */
	void recordLocalHit(String name) {
		this.statistics.incGets(name);
		this.statistics.incHits(name);
	}

	/**
	 * A value with its remaining life in Redis.
	 *
	 * @param value the value
	 * @param remainingLife how long it still lives, {@code null} if it does not expire
	 */
	record ValueWithLife(byte[] value, @Nullable Duration remainingLife) {
	}

	@Override
	public boolean supportsAsyncRetrieve() {
		return true;
	}

	/**
	 * Reads a value for an asynchronous {@code @Cacheable} method. The result completes on the common fork-join
	 * pool, not on Redisson's event loop: on a miss Spring runs the method, and then the cache's blocking put, on the
	 * thread that completes it, and an event loop that waits for its own reply stalls every command it serves.
	 */
	@Override
	public CompletableFuture<byte[]> retrieve(String name, byte[] key, @Nullable Duration ttl) {
		return this.observations.cacheOperationAsync(name, Operation.GET, () -> {
			CompletableFuture<byte[]> value = accessChecked(
					() -> hasExpiry(ttl) ? getAndExpire(key, ttl) : this.reads.get(key));
			return bounded(value).thenApplyAsync((bytes) -> counted(name, bytes), ForkJoinPool.commonPool());
		}, RedissonCacheWriter::readResult);
	}

	@Override
	public void put(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		this.observations.cacheOperation(name, Operation.PUT, () -> {
			requireAccess();
			await(set(key, value, ttl));
			this.statistics.incPuts(name);
			return null;
		}, RedissonCacheWriter::writeResult);
	}

	@Override
	public CompletableFuture<Void> store(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		return this.observations.cacheOperationAsync(name, Operation.PUT,
				() -> bounded(accessChecked(() -> set(key, value, ttl))).thenRun(() -> this.statistics.incPuts(name)),
				RedissonCacheWriter::writeResult);
	}

	@Override
	public byte @Nullable [] putIfAbsent(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		return this.observations.cacheOperation(name, Operation.PUT, () -> {
			requireAccess();
			byte[] previous = await(sent("EVAL", key, () -> this.executor
				.evalWriteAsync(new String(key, StandardCharsets.UTF_8), ByteArrayCodec.INSTANCE,
						RedisCommands.EVAL_OBJECT, PUT_IF_ABSENT, Collections.singletonList(key), value,
						Long.toString(hasExpiry(ttl) ? ttl.toMillis() : 0))));
			if (previous == null) {
				this.statistics.incPuts(name);
			}
			return previous;
		}, RedissonCacheWriter::writeResult);
	}

	@Override
	public void evict(String name, byte[] key) {
		evictIfPresent(name, key);
	}

	@Override
	public boolean evictIfPresent(String name, byte[] key) {
		return this.observations.cacheOperation(name, Operation.EVICT, () -> {
			requireAccess();
			Long count = await(delete(key));
			this.statistics.incDeletes(name);
			return count != null && count > 0;
		}, RedissonCacheWriter::writeResult);
	}

	/** Deletes a key without waiting, for paths that must not block Redisson's threads. */
	CompletableFuture<Void> removeAsync(String name, byte[] key) {
		return this.observations.cacheOperationAsync(name, Operation.EVICT,
				() -> bounded(accessChecked(() -> delete(key))).thenRun(() -> this.statistics.incDeletes(name)),
				RedissonCacheWriter::writeResult);
	}

	@Override
	public void clear(String name, byte[] pattern) {
		invalidate(name, pattern);
	}

	@Override
	public boolean invalidate(String name, byte[] pattern) {
		return this.observations.cacheOperation(name, Operation.CLEAR, () -> {
			requireAccess();
			// SCAN per master node and UNLINK in batches: never KEYS, which blocks the server.
			long removed = translate(() -> this.redisson.getKeys()
				.unlinkByPattern(new String(pattern, StandardCharsets.UTF_8)));
			this.statistics.incDeletesBy(name, (int) Math.min(removed, Integer.MAX_VALUE));
			return removed > 0;
		}, RedissonCacheWriter::writeResult);
	}

	@Override
	public CacheStatistics getCacheStatistics(String cacheName) {
		return this.statistics.getCacheStatistics(cacheName);
	}

	@Override
	public void clearStatistics(String name) {
		this.statistics.reset(name);
	}

	/**
	 * Runs a callback on a Spring Data connection of the same Redisson client, as Spring Data's own writer does.
	 */
	@Override
	public <T extends @Nullable Object> T execute(Function<RedisConnection, T> callback) {
		try (RedisConnection connection = this.connections.getConnection()) {
			return callback.apply(connection);
		}
	}

	@Override
	public RedisCacheWriter withStatisticsCollector(CacheStatisticsCollector cacheStatisticsCollector) {
		return new RedissonCacheWriter(this.redisson, this.executor, this.commandTimeout, this.reads,
				cacheStatisticsCollector, this.latest, this.getEx, this.connections, this.observations, this.access);
	}

	private CompletableFuture<byte[]> getAndExpire(byte[] key, Duration ttl) {
		if (!this.getEx.get()) {
			return getAndExpireByScript(key, ttl);
		}
		CompletableFuture<byte[]> value = sent("GETEX", key, () -> this.executor.writeAsync(key,
				ByteArrayCodec.INSTANCE, RedisCommands.GETEX, key, "PX", ttl.toMillis()));
		return value.exceptionallyCompose((failure) -> {
			if (!RedisServerInfo.isUnknownCommand(failure)) {
				return CompletableFuture.failedFuture(failure);
			}
			if (this.getEx.compareAndSet(true, false)) {
				logger.info("Redis does not offer GETEX: time-to-idle reads use a script from now on");
			}
			return getAndExpireByScript(key, ttl);
		});
	}

	private CompletableFuture<byte[]> getAndExpireByScript(byte[] key, Duration ttl) {
		return sent("EVAL", key, () -> this.executor.evalWriteAsync(new String(key, StandardCharsets.UTF_8),
				ByteArrayCodec.INSTANCE, RedisCommands.EVAL_OBJECT, GET_AND_EXPIRE, Collections.singletonList(key),
				Long.toString(ttl.toMillis())));
	}

	private CompletableFuture<Void> set(byte[] key, byte[] value, @Nullable Duration ttl) {
		return sent("SET", key, () -> hasExpiry(ttl)
				? this.executor
					.writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.SET, key, value, "PX", ttl.toMillis())
				: this.executor.writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.SET, key, value));
	}

	private CompletableFuture<Long> delete(byte[] key) {
		return sent("DEL", key,
				() -> this.executor.writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.DEL, key));
	}

	/**
	 * Fails at once while Redis refuses the client's identity: every connection is refused then, and a call would
	 * wait its whole timeout for one.
	 */
	private void requireAccess() {
		if (this.access != null) {
			this.access.check();
		}
	}

	/** A command, or its failure without sending it while Redis refuses the client's identity. */
	private <T> CompletableFuture<T> accessChecked(Supplier<CompletableFuture<T>> command) {
		try {
			requireAccess();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return command.get();
	}

	/** Sends a command of one key, observed as a child of the operation in scope. */
	private <T> CompletableFuture<T> sent(String command, byte[] key, Supplier<RFuture<T>> send) {
		return this.observations.command(command, () -> node(key), 1, null, () -> send.get().toCompletableFuture());
	}

	private @Nullable InetSocketAddress node(byte[] key) {
		ConnectionManager connectionManager = this.executor.getConnectionManager();
		MasterSlaveEntry entry = connectionManager.getEntry(connectionManager.calcSlot(key));
		return (entry != null) ? entry.getClient().getAddr() : null;
	}

	private static Result readResult(byte @Nullable [] value) {
		return (value != null) ? Result.HIT : Result.MISS;
	}

	private static Result writeResult(@Nullable Object ignored) {
		return Result.SUCCESS;
	}

	private byte @Nullable [] counted(String name, byte @Nullable [] value) {
		this.statistics.incGets(name);
		if (value != null) {
			this.statistics.incHits(name);
		}
		else {
			this.statistics.incMisses(name);
		}
		return value;
	}

	@Contract("null -> false")
	private static boolean hasExpiry(@Nullable Duration ttl) {
		return ttl != null && !ttl.isZero() && !ttl.isNegative();
	}

	/**
	 * Fails a command that takes longer than the timeout. Its future completes with the failure, which is how
	 * Redisson learns to stop retrying it. A write a full Redis refused fails as a value that is not cached, as on
	 * the blocking path.
	 */
	private <T> CompletableFuture<T> bounded(CompletableFuture<T> future) {
		Duration timeout = this.commandTimeout.current();
		return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose((failure) -> {
			Throwable redisFull = RedisExceptionTranslator.redisFull(failure);
			return CompletableFuture.failedFuture((failure instanceof TimeoutException) ? timedOut(timeout, failure)
					: (redisFull != null) ? redisFull : failure);
		});
	}

	private QueryTimeoutException timedOut(Duration timeout, Throwable cause) {
		return RedisExceptionTranslator.timedOut(this.commandTimeout.describe(timeout), cause);
	}

	private <T> @Nullable T await(CompletableFuture<T> future) {
		Duration timeout = this.commandTimeout.current();
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw timedOut(timeout, ex);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw RedisExceptionTranslator.translate(new RedisException("Interrupted while waiting for Redis", ex));
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw RedisExceptionTranslator.translate((cause instanceof RuntimeException runtime) ? runtime
					: new RedisException(String.valueOf(cause), cause));
		}
	}

	private static <T> T translate(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (CompletionException ex) {
			throw RedisExceptionTranslator.translate((ex.getCause() instanceof RuntimeException runtime) ? runtime : ex);
		}
		catch (RuntimeException ex) {
			throw RedisExceptionTranslator.translate(ex);
		}
	}

}
