package io.github.azureredis.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The cache's commands through Spring Data's own cache writer, for a {@code RedissonClient} that is not Redisson's own
 * implementation, whose nodes the starter cannot address ({@code NodeCommands}): each command runs on the caller's
 * thread, as Spring Data's writer runs it, and no reads are coalesced. Clears {@code SCAN} (not {@code KEYS}), and
 * writes complete before they return, so that a put or evict is done when the annotated method returns.
 *
 * @author Azure Redis Cache contributors
 */
final class SpringDataCacheStore implements CacheStore {

	private static final int CLEAR_SCAN_BATCH_SIZE = 1000;

	// Spring Data's writer counts per cache name; the statistics that count are the AzureRedisCacheWriter's.
	private static final String NAME = "";

	private final RedisCacheWriter writer;

	SpringDataCacheStore(RedisConnectionFactory connections) {
		this.writer = RedisCacheWriter.create(connections,
				(configurer) -> configurer.batchStrategy(BatchStrategies.scan(CLEAR_SCAN_BATCH_SIZE)).immediateWrites());
	}

	@Override
	public CompletableFuture<byte @Nullable []> get(byte[] key) {
		return done(() -> this.writer.get(NAME, key));
	}

	@Override
	public CompletableFuture<byte @Nullable []> getAndExpire(byte[] key, Duration timeToIdle) {
		return done(() -> this.writer.get(NAME, key, timeToIdle));
	}

	/** The value, its life unknown: a near cache keeps a copy for its own time to live. */
	@Override
	public CompletableFuture<@Nullable ValueWithLife> getWithLife(byte[] key) {
		return get(key).thenApply((value) -> (value != null) ? new ValueWithLife(value, null) : null);
	}

	@Override
	public CompletableFuture<Void> set(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return done(() -> {
			this.writer.put(NAME, key, value, timeToLive);
			return null;
		});
	}

	@Override
	public CompletableFuture<Void> fill(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return done(() -> {
			this.writer.putIfAbsent(NAME, key, value, timeToLive);
			return null;
		});
	}

	@Override
	public CompletableFuture<byte @Nullable []> setIfAbsent(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return done(() -> this.writer.putIfAbsent(NAME, key, value, timeToLive));
	}

	@Override
	public CompletableFuture<Boolean> delete(byte[] key) {
		return done(() -> this.writer.evictIfPresent(NAME, key));
	}

	/** Deletes the matching keys; their number is not reported, only whether there was one. */
	@Override
	public CompletableFuture<Long> deleteMatching(byte[] pattern) {
		return done(() -> this.writer.invalidate(NAME, pattern) ? 1L : 0L);
	}

	private static <T> CompletableFuture<T> done(Supplier<T> command) {
		try {
			return CompletableFuture.completedFuture(command.get());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
