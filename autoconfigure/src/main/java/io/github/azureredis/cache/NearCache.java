package io.github.azureredis.cache;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of cache entries for every cache of a cache manager ({@link LocalCopies}), kept correct across
 * instances through an {@link InvalidationChannel}:
 * <ul>
 * <li>Every write through a cache (put, evict, clear) drops the local copy and tells the other instances; it returns
 * once every instance confirmed dropping its own, or after the invalidation timeout. So a read on another instance
 * that starts after the write returned does not see the old copy.</li>
 * <li>A copy loaded from Redis is kept only if no invalidation of its key arrived while it was being read, and never
 * longer than the entry's remaining life in Redis.</li>
 * <li>A copy is served only while the channel that would tell this instance of a change of its key is known to work;
 * when it may have missed changes, the copies concerned are dropped.</li>
 * </ul>
 *
 * @author Azure Redis Cache contributors
 */
final class NearCache implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(NearCache.class);

	private final LocalCopies local;

	private final InvalidationChannel channel;

	private final @Nullable ScheduledExecutorService ownScheduler;

	private final AtomicLong invalidationsReceived = new AtomicLong();

	NearCache(RedissonClient redisson, AzureRedisCacheProperties.NearCache settings) {
		this(redisson, settings, null);
	}

	/**
	 * Creates a near cache.
	 * @param redisson the client
	 * @param settings its settings
	 * @param scheduler runs the channel's probes; {@code null} for a thread of its own
	 */
	NearCache(RedissonClient redisson, AzureRedisCacheProperties.NearCache settings,
			@Nullable ScheduledExecutorService scheduler) {
		this.local = new LocalCopies(settings.getMaxSize(), settings.getTimeToLive());
		ScheduledExecutorService probes = (scheduler != null) ? scheduler
				: Executors.newSingleThreadScheduledExecutor((runnable) -> {
					Thread thread = new Thread(runnable, "azure-redis-near-cache");
					thread.setDaemon(true);
					return thread;
				});
		this.ownScheduler = (scheduler != null) ? null : probes;
		this.channel = new PubSubInvalidationChannel(redisson, settings, new Invalidations(), probes);
	}

	/** @return whether copies are served for every node: every subscription was proven alive since it was lost */
	boolean isReady() {
		return this.channel.isLive();
	}

	/** @return invalidations received from other instances (for tests and diagnostics) */
	long invalidationsReceived() {
		return this.invalidationsReceived.get();
	}

	/**
	 * The local copy of an entry: the value itself when nothing in it can be changed, else a new copy read from the
	 * stored bytes.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @param read reads a value from the bytes stored in Redis
	 * @return the copy (Spring's store value), or {@code null}
	 */
	@Nullable Object get(String cacheName, String key, Function<byte[], @Nullable Object> read) {
		return this.channel.isLive(key) ? this.local.get(cacheName, key, read) : null;
	}

	/**
	 * Whether a local copy of an entry is served (for tests and diagnostics).
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @return {@code true} if a read would be served locally
	 */
	boolean holds(String cacheName, String key) {
		return this.channel.isLive(key) && this.local.holds(cacheName, key);
	}

	/** @return the number of local copies of a cache */
	long size(String cacheName) {
		return this.local.size(cacheName);
	}

	/**
	 * The stamp to take before reading a key from Redis, to pass to {@link #keep}.
	 * @param key the Redis key
	 * @return the stamp
	 */
	long stamp(String key) {
		return this.local.stamp(key);
	}

	/**
	 * Keeps a copy of a value just read from Redis, unless the key was invalidated since the stamp was taken.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @param value the value (Spring's store value)
	 * @param bytes the value as stored in Redis
	 * @param remainingLife how long the entry still lives in Redis, or {@code null} if it does not expire
	 * @param freshLife how long the copy may be served as fresh ({@code null}: its remaining life); after that it is
	 * only a stale value for fail-safe
	 * @param readAt {@link System#nanoTime()} before the read, from when the remaining life counts
	 * @param stamp the stamp taken before the read
	 */
	void keep(String cacheName, String key, Object value, byte[] bytes, @Nullable Duration remainingLife,
			@Nullable Duration freshLife, long readAt, long stamp) {
		if (this.channel.isLive(key)) {
			this.local.keep(cacheName, key, value, bytes, remainingLife, freshLife, readAt, stamp);
		}
	}

	/**
	 * A stale value for fail-safe when Redis does not answer: the local copy of an entry, fresh or past its fresh
	 * life, whether or not the invalidation channel is live (an invalidation missed meanwhile is what staleness
	 * allows), until the entry's end in Redis; an invalidation received drops it as any copy.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @param read reads a value from the bytes stored in Redis
	 * @return the value (Spring's store value), or {@code null}
	 */
	@Nullable Object getFreshOrStale(String cacheName, String key, Function<byte[], @Nullable Object> read) {
		return this.local.getFreshOrStale(cacheName, key, read);
	}

	/**
	 * Before a write of a key through this instance: drops its local copy, so that no thread of this instance reads
	 * it while the write is under way.
	 * @param cacheName the cache
	 * @param key the Redis key
	 */
	void forget(String cacheName, String key) {
		this.local.drop(cacheName, key);
	}

	/**
	 * After a write of a key through this instance: drops the local copy and waits until every other instance has
	 * dropped its own.
	 * @param cacheName the cache
	 * @param key the Redis key
	 */
	void invalidate(String cacheName, String key) {
		this.local.drop(cacheName, key);
		await(this.channel.keyChanged(cacheName, key));
	}

	/**
	 * As {@link #invalidate}, without blocking: for writes completed on Redisson's threads.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @return completes once every instance acknowledged, or at the invalidation timeout
	 */
	CompletionStage<Void> invalidateAsync(String cacheName, String key) {
		this.local.drop(cacheName, key);
		return this.channel.keyChanged(cacheName, key).exceptionally((failure) -> null);
	}

	/**
	 * After a cache was cleared through this instance: drops its copies and waits for the other instances to drop
	 * theirs.
	 * @param cacheName the cache
	 */
	void invalidateAll(String cacheName) {
		this.local.dropCache(cacheName);
		await(this.channel.cacheCleared(cacheName));
	}

	private void await(CompletableFuture<Void> acknowledged) {
		try {
			acknowledged.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			if (!(ex.getCause() instanceof TimeoutException)) {
				logger.debug("Near cache invalidation could not be published: {}", String.valueOf(ex.getCause()));
			}
		}
	}

	/**
	 * A connection to a node closed: the copies of its keys are not served until their invalidations are proven to
	 * arrive again.
	 * @param address the address of the node
	 */
	void disconnected(InetSocketAddress address) {
		this.channel.disconnected(address);
	}

	/**
	 * The client is about to authenticate its open connections again with renewed credentials, which may interrupt
	 * the subscriptions (see {@link InvalidationChannel#reauthenticating()}).
	 */
	void reauthenticating() {
		this.channel.reauthenticating();
	}

	@Override
	public void close() {
		if (this.ownScheduler != null) {
			this.ownScheduler.shutdownNow();
		}
		this.channel.close();
	}

	/** What the other instances say, applied to the local copies. */
	private final class Invalidations implements InvalidationChannel.Listener {

		@Override
		public void keyChanged(String cacheName, String key) {
			NearCache.this.invalidationsReceived.incrementAndGet();
			NearCache.this.local.drop(cacheName, key);
		}

		@Override
		public void cacheCleared(String cacheName) {
			NearCache.this.invalidationsReceived.incrementAndGet();
			NearCache.this.local.dropCache(cacheName);
		}

		@Override
		public void missed(Predicate<String> keys) {
			NearCache.this.local.dropWhere(keys);
		}

	}

}
