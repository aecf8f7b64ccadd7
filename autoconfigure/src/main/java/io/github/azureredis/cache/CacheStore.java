package io.github.azureredis.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The Redis commands of a Spring cache, one key per entry, each returning at once with its reply to come. A store
 * only sends: waiting within the call's time, statistics, observations of the cache operations and the translation
 * of failures are the {@link AzureRedisCacheWriter}'s, and a decorator such as the {@link CommandCoalescer} changes how
 * commands are sent without the writer knowing.
 *
 * @author Azure Redis Cache contributors
 */
interface CacheStore {

	/**
	 * Reads a value.
	 * @param key the key
	 * @return its value, or {@code null} when absent; cancelling it gives the read up
	 */
	CompletableFuture<byte @Nullable []> get(byte[] key);

	/**
	 * Reads a value and pushes its expiry back (time-to-idle), in one round trip.
	 * @param key the key
	 * @param timeToIdle its new time to live
	 * @return its value, or {@code null} when absent
	 */
	CompletableFuture<byte @Nullable []> getAndExpire(byte[] key, Duration timeToIdle);

	/**
	 * Reads a value with its remaining life, for a near cache to keep a copy no longer than that.
	 * @param key the key
	 * @return the value and its life, or {@code null} when absent
	 */
	CompletableFuture<@Nullable ValueWithLife> getWithLife(byte[] key);

	/**
	 * Stores a value.
	 * @param key the key
	 * @param value the value
	 * @param timeToLive its time to live, or {@code null} for none
	 * @return completes once Redis stored it
	 */
	CompletableFuture<Void> set(byte[] key, byte[] value, @Nullable Duration timeToLive);

	/**
	 * Stores the value computed after a miss unless the key has one by now (a {@code @CachePut} of another instance
	 * made meanwhile), without reading what it had.
	 * @param key the key
	 * @param value the value
	 * @param timeToLive its time to live, or {@code null} for none
	 * @return completes once Redis stored it or kept the value it had
	 */
	CompletableFuture<Void> fill(byte[] key, byte[] value, @Nullable Duration timeToLive);

	/**
	 * Stores a value unless the key has one, atomically.
	 * @param key the key
	 * @param value the value
	 * @param timeToLive its time to live, or {@code null} for none
	 * @return the value the key already had, or {@code null} if this one was stored
	 */
	CompletableFuture<byte @Nullable []> setIfAbsent(byte[] key, byte[] value, @Nullable Duration timeToLive);

	/**
	 * Deletes a key.
	 * @param key the key
	 * @return whether it existed
	 */
	CompletableFuture<Boolean> delete(byte[] key);

	/**
	 * Deletes the keys that match a pattern, without blocking the server ({@code SCAN} and {@code UNLINK}, never
	 * {@code KEYS}).
	 * @param pattern a glob-style pattern
	 * @return how many keys were deleted
	 */
	CompletableFuture<Long> deleteMatching(byte[] pattern);

	/**
	 * A value with its remaining life in Redis.
	 *
	 * @param value the value
	 * @param remainingLife how long it still lives, {@code null} if it does not expire
	 */
	record ValueWithLife(byte[] value, @Nullable Duration remainingLife) {
	}

}
