package io.github.azureredis.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

import io.github.azureredis.cache.CacheStore.ValueWithLife;
import io.github.azureredis.observation.AzureRedisObservations;
import io.github.azureredis.observation.CacheOperationContext.Operation;
import io.github.azureredis.observation.CacheOperationContext.Result;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.cache.CacheStatistics;
import org.springframework.data.redis.cache.CacheStatisticsCollector;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.lang.Contract;

/**
 * Spring Data's {@link RedisCacheWriter} on a {@link CacheStore}, which sends the commands. Each operation composes
 * what Spring Data's cache expects of a writer around them: an observation of the operation (with an
 * {@code ObservationRegistry}, the commands it sends are its children), the call's time and failures
 * ({@link BoundedCalls}), and Spring Data's statistics. It keeps Spring Data's cache semantics ({@code RedisCache} on
 * top does key and value serialization and null handling), adds asynchronous retrieval ({@code CompletableFuture}
 * and reactive {@code @Cacheable} methods), and completes every write before returning, so that the next read sees
 * it (Spring Data's own writer does not wait for a put unless configured to), except the fill of a miss, which the
 * cache sends with {@link #fill} and tracks ({@link PendingFills}).
 *
 * @author Azure Redis Cache contributors
 */
final class AzureRedisCacheWriter implements RedisCacheWriter {

	private final CacheStore store;

	private final BoundedCalls calls;

	private final AzureRedisObservations observations;

	private final RedisConnectionFactory connections;

	private final Function<String, LoadPolicy> policies;

	private volatile CacheStatisticsCollector statistics = CacheStatisticsCollector.none();

	AzureRedisCacheWriter(CacheStore store, BoundedCalls calls, AzureRedisObservations observations,
			RedisConnectionFactory connections, Function<String, LoadPolicy> policies) {
		this.store = store;
		this.calls = calls;
		this.observations = observations;
		this.connections = connections;
		this.policies = policies;
	}

	/** A read; in a cache with fail-safe, a stale entry is a miss (only a {@code sync} load may serve it). */
	@Override
	public byte @Nullable [] get(String name, byte[] key) {
		LoadPolicy policy = this.policies.apply(name);
		if (policy.failSafe() != null) {
			ValueWithLife stored = getWithLife(name, key);
			return (stored != null && !policy.isStale(stored.remainingLife())) ? stored.value() : null;
		}
		return this.observations.cacheOperation(name, Operation.GET, () -> {
			this.calls.checkAvailable();
			return counted(name, this.calls.await(this.store.get(key)));
		}, AzureRedisCacheWriter::readResult);
	}

	/** A read with time-to-idle: the value, its expiry pushed back in the same round trip. */
	@Override
	public byte @Nullable [] get(String name, byte[] key, @Nullable Duration ttl) {
		if (!hasExpiry(ttl)) {
			return get(name, key);
		}
		return this.observations.cacheOperation(name, Operation.GET, () -> {
			this.calls.checkAvailable();
			return counted(name, this.calls.await(this.store.getAndExpire(key, ttl)));
		}, AzureRedisCacheWriter::readResult);
	}

	/**
	 * Reads a value with its remaining life in Redis, for a near cache to keep a copy no longer than that, and for
	 * fail-safe and refresh-ahead to tell its logical life; a stale entry is returned, and counted as a miss.
	 * @param name the cache name
	 * @param key the key
	 * @return the value and its remaining life, or {@code null} when absent
	 */
	@Nullable ValueWithLife getWithLife(String name, byte[] key) {
		LoadPolicy policy = this.policies.apply(name);
		return this.observations.cacheOperation(name, Operation.GET, () -> {
			this.calls.checkAvailable();
			ValueWithLife stored = this.calls.await(this.store.getWithLife(key));
			counted(name, isFresh(stored, policy) ? stored.value() : null);
			return stored;
		}, (stored) -> isFresh(stored, policy) ? Result.HIT : Result.MISS);
	}

	@Contract("null, _ -> false")
	private static boolean isFresh(@Nullable ValueWithLife stored, LoadPolicy policy) {
		return stored != null && !policy.isStale(stored.remainingLife());
	}

	/** @return the observations of the cache operations, for the loads the cache observes around them */
	AzureRedisObservations observations() {
		return this.observations;
	}

	/**
	 * Counts a hit served from a local copy, so that statistics cover every read.
	 * @param name the cache name
	 */
	void recordLocalHit(String name) {
		this.statistics.incGets(name);
		this.statistics.incHits(name);
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
		LoadPolicy policy = this.policies.apply(name);
		return this.observations.cacheOperationAsync(name, Operation.GET,
				() -> this.calls.bound(() -> read(key, ttl, policy))
					.thenApplyAsync((bytes) -> counted(name, bytes), ForkJoinPool.commonPool()),
				AzureRedisCacheWriter::readResult);
	}

	/**
	 * A read without waiting; a stale entry of a cache with fail-safe is a miss. A time to live given here is
	 * time-to-idle's (which no fail-safe applies to): the read restarts it.
	 */
	private CompletableFuture<byte @Nullable []> read(byte[] key, @Nullable Duration ttl, LoadPolicy policy) {
		if (hasExpiry(ttl)) {
			return this.store.getAndExpire(key, ttl);
		}
		if (policy.failSafe() != null) {
			return this.store.getWithLife(key).thenApply((stored) -> isFresh(stored, policy) ? stored.value() : null);
		}
		return this.store.get(key);
	}

	@Override
	public void put(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		this.observations.cacheOperation(name, Operation.PUT, () -> {
			this.calls.checkAvailable();
			this.calls.await(this.store.set(key, value, expiry(ttl)));
			this.statistics.incPuts(name);
			return null;
		}, AzureRedisCacheWriter::writeResult);
	}

	/**
	 * Writes a value computed under a lease and releases the lease, in one command ({@link KeyLeases}).
	 * @param name the cache name
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live
	 * @param leases the leases
	 * @param lease the lease of the key
	 */
	void putReleasing(String name, byte[] key, byte[] value, @Nullable Duration ttl, KeyLeases leases,
			KeyLeases.Lease lease) {
		this.observations.cacheOperation(name, Operation.PUT, () -> {
			this.calls.checkAvailable();
			this.calls.await(leases.writeAndRelease(key, value, expiry(ttl), lease));
			this.statistics.incPuts(name);
			return null;
		}, AzureRedisCacheWriter::writeResult);
	}

	/**
	 * Sends the fill of a miss ({@link CacheStore#fill}) without waiting: the cache tracks it ({@link PendingFills}).
	 * @param name the cache name
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live, or {@code null}
	 * @return completes once Redis stored it or kept the value it had
	 */
	CompletableFuture<Void> fill(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		return this.observations.cacheOperationAsync(name, Operation.PUT,
				() -> this.calls.bound(() -> this.store.fill(key, value, expiry(ttl)))
					.thenRun(() -> this.statistics.incPuts(name)),
				AzureRedisCacheWriter::writeResult);
	}

	@Override
	public CompletableFuture<Void> store(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		return this.observations.cacheOperationAsync(name, Operation.PUT,
				() -> this.calls.bound(() -> this.store.set(key, value, expiry(ttl)))
					.thenRun(() -> this.statistics.incPuts(name)),
				AzureRedisCacheWriter::writeResult);
	}

	@Override
	public byte @Nullable [] putIfAbsent(String name, byte[] key, byte[] value, @Nullable Duration ttl) {
		return this.observations.cacheOperation(name, Operation.PUT, () -> {
			this.calls.checkAvailable();
			byte[] previous = this.calls.await(this.store.setIfAbsent(key, value, expiry(ttl)));
			if (previous == null) {
				this.statistics.incPuts(name);
			}
			return previous;
		}, AzureRedisCacheWriter::writeResult);
	}

	@Override
	public void evict(String name, byte[] key) {
		evictIfPresent(name, key);
	}

	@Override
	public boolean evictIfPresent(String name, byte[] key) {
		return this.observations.cacheOperation(name, Operation.EVICT, () -> {
			this.calls.checkAvailable();
			Boolean existed = this.calls.await(this.store.delete(key));
			this.statistics.incDeletes(name);
			return Boolean.TRUE.equals(existed);
		}, AzureRedisCacheWriter::writeResult);
	}

	/**
	 * Deletes a key without waiting, for paths that must not block Redisson's threads.
	 * @param name the cache name
	 * @param key the key
	 * @return completes once deleted
	 */
	CompletableFuture<Void> removeAsync(String name, byte[] key) {
		return this.observations.cacheOperationAsync(name, Operation.EVICT,
				() -> this.calls.bound(() -> this.store.delete(key)).thenRun(() -> this.statistics.incDeletes(name)),
				AzureRedisCacheWriter::writeResult);
	}

	@Override
	public void clear(String name, byte[] pattern) {
		invalidate(name, pattern);
	}

	/** Deletes the keys of a pattern; not bounded by a call's timeout, since it scans every key. */
	@Override
	public boolean invalidate(String name, byte[] pattern) {
		return this.observations.cacheOperation(name, Operation.CLEAR, () -> {
			this.calls.checkAvailable();
			Long removed = this.calls.join(this.store.deleteMatching(pattern));
			long count = (removed != null) ? removed : 0;
			this.statistics.incDeletesBy(name, (int) Math.min(count, Integer.MAX_VALUE));
			return count > 0;
		}, AzureRedisCacheWriter::writeResult);
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
	 * Collects statistics from now on, and returns this writer. Spring Data's {@code RedisCacheManagerBuilder} turns
	 * statistics on by calling this on the writer it was given while it builds: the writer takes the collector, so
	 * that every cache on it counts, whichever manager created the cache.
	 */
	@Override
	public RedisCacheWriter withStatisticsCollector(CacheStatisticsCollector cacheStatisticsCollector) {
		this.statistics = cacheStatisticsCollector;
		return this;
	}

	/** Runs a callback on a Spring Data connection of the same client, as Spring Data's own writer does. */
	@Override
	public <T extends @Nullable Object> T execute(Function<RedisConnection, T> callback) {
		try (RedisConnection connection = this.connections.getConnection()) {
			return callback.apply(connection);
		}
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

	private static Result readResult(byte @Nullable [] value) {
		return (value != null) ? Result.HIT : Result.MISS;
	}

	private static Result writeResult(@Nullable Object ignored) {
		return Result.SUCCESS;
	}

	private static @Nullable Duration expiry(@Nullable Duration ttl) {
		return hasExpiry(ttl) ? ttl : null;
	}

	@Contract("null -> false")
	private static boolean hasExpiry(@Nullable Duration ttl) {
		return ttl != null && !ttl.isZero() && !ttl.isNegative();
	}

}
