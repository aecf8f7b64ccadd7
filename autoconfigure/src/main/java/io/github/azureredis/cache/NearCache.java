package io.github.azureredis.cache;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.BaseStatusListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.connection.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of cache entries for every cache of a cache manager, kept correct across instances.
 * <ul>
 * <li>Every write through a cache (put, evict, clear) removes the local copies and publishes an invalidation on a
 * Pub/Sub channel. Every instance drops its copy and acknowledges on the writer's own channel; the write returns
 * once every instance that received the message (Redis says how many) has acknowledged, or after the invalidation
 * timeout. So a read on another instance that starts after the write returned does not see the old copy.</li>
 * <li>A copy loaded from Redis is kept only if no invalidation of its key arrived while it was being read (per-key
 * stamps), and never longer than the entry's remaining life in Redis.</li>
 * <li>Copies are served only while the subscription is known to be alive: an echo probe on the channel proves it
 * at start-up and periodically, and any lost Redis connection drops all copies until the next probe comes back.
 * Invalidations cannot be missed silently.</li>
 * </ul>
 * A value nothing in which can be changed (records of strings, numbers, dates, enums, immutable collections) is kept
 * as it was read and shared by every caller; of any other value the stored bytes are kept, and every caller gets a
 * copy of its own, so that no caller can change what another gets.
 *
 * @author Azure Redis Cache contributors
 */
final class NearCache implements ConnectionListener, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(NearCache.class);

	private static final char SEPARATOR = '\u0000';

	private static final char KEY = 'K';

	private static final char CLEAR = 'C';

	private static final char PROBE = 'P';

	private static final int STRIPES = 1024;

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);


	private final String instanceId = UUID.randomUUID().toString();

	private final RedissonClient redisson;

	private final String channel;

	private final RTopic topic;

	private final RTopic acknowledgements;

	private final int maxSize;

	private final Duration timeToLive;

	private final Duration invalidationTimeout;

	private final Map<String, Cache<String, Copy>> copies = new ConcurrentHashMap<>();

	private final Map<String, RTopic> writersAcknowledgements = new ConcurrentHashMap<>();

	private final Map<Long, Acknowledgements> pending = new ConcurrentHashMap<>();

	private final AtomicLong messageIds = new AtomicLong();

	private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);

	private final AtomicLong invalidationsReceived = new AtomicLong();

	private final WarningInterval timeoutWarnings = new WarningInterval(Duration.ofMinutes(1));

	private final ScheduledExecutorService prober;

	private final int messageListener;

	private final int statusListener;

	private final int acknowledgementListener;

	private volatile boolean ready;

	private volatile @Nullable String pendingProbe;

	NearCache(RedissonClient redisson, AzureRedisCacheProperties.NearCache settings) {
		this.redisson = redisson;
		this.channel = settings.getChannel();
		this.maxSize = settings.getMaxSize();
		this.timeToLive = settings.getTimeToLive();
		this.invalidationTimeout = settings.getInvalidationTimeout();
		this.acknowledgements = redisson.getTopic(acknowledgementChannel(this.instanceId), StringCodec.INSTANCE);
		this.acknowledgementListener = this.acknowledgements.addListener(String.class,
				(channel, message) -> acknowledged(Long.parseLong(message)));
		this.topic = redisson.getTopic(this.channel, StringCodec.INSTANCE);
		this.messageListener = this.topic.addListener(String.class, (channel, message) -> onMessage(message));
		this.statusListener = this.topic.addListener(new BaseStatusListener() {
			@Override
			public void onSubscribe(String channel) {
				// A (re)subscription: whatever was published meanwhile is unknown.
				dropAll("subscribed to " + channel);
				probe();
			}
		});
		this.prober = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "azure-redis-near-cache");
			thread.setDaemon(true);
			return thread;
		});
		this.prober.scheduleWithFixedDelay(this::probe, 0, settings.getProbeInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private String acknowledgementChannel(String instance) {
		return this.channel + ":ack:" + instance;
	}

	/** @return whether copies are served: the subscription was proven alive since the last lost connection */
	boolean isReady() {
		return this.ready;
	}

	/** @return invalidations received from other instances (for tests and diagnostics) */
	long invalidationsReceived() {
		return this.invalidationsReceived.get();
	}

	/**
	 * The local copy of an entry: the value itself when nothing in it can be changed, else a new copy read from the
	 * stored bytes, so that no caller can change what another one gets.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @param read reads a value from the bytes stored in Redis
	 * @return the copy (Spring's store value), or {@code null}
	 */
	@Nullable Object get(String cacheName, String key, Function<byte[], @Nullable Object> read) {
		if (!this.ready) {
			return null;
		}
		Cache<String, Copy> cache = this.copies.get(cacheName);
		Copy copy = (cache != null) ? cache.getIfPresent(key) : null;
		if (copy == null) {
			return null;
		}
		return (copy.shared != null) ? copy.shared : read.apply(copy.bytes);
	}

	/**
	 * Whether a local copy of an entry is served (for tests and diagnostics).
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @return {@code true} if a read would be served locally
	 */
	boolean holds(String cacheName, String key) {
		Cache<String, Copy> cache = this.copies.get(cacheName);
		return this.ready && cache != null && cache.getIfPresent(key) != null;
	}

	/** @return the number of local copies of a cache */
	long size(String cacheName) {
		Cache<String, Copy> cache = this.copies.get(cacheName);
		return (cache != null) ? cache.estimatedSize() : 0;
	}

	/**
	 * The stamp to take before reading a key from Redis, to pass to {@link #keep}.
	 * @param key the Redis key
	 * @return the stamp
	 */
	long stamp(String key) {
		return this.stamps.get(stripe(key));
	}

	/**
	 * Keeps a copy of a value just read from Redis, unless the key was invalidated since the stamp was taken.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @param value the value (Spring's store value)
	 * @param bytes the value as stored in Redis
	 * @param remainingLife how long the entry still lives in Redis, or {@code null} if it does not expire
	 * @param stamp the stamp taken before the read
	 */
	void keep(String cacheName, String key, Object value, byte[] bytes, @Nullable Duration remainingLife,
			long stamp) {
		if (!this.ready || this.stamps.get(stripe(key)) != stamp) {
			return;
		}
		Duration life = (remainingLife != null && remainingLife.compareTo(this.timeToLive) < 0) ? remainingLife
				: this.timeToLive;
		if (life.isZero() || life.isNegative()) {
			return;
		}
		Copy copy = ImmutableValues.isImmutable(value) ? new Copy(value, null, life.toNanos())
				: new Copy(null, bytes, life.toNanos());
		this.copies.computeIfAbsent(cacheName, (name) -> newCache()).put(key, copy);
	}

	/**
	 * Before a write of a key through this instance: drops its local copy, so that no thread of this instance reads
	 * it while the write is under way.
	 * @param cacheName the cache
	 * @param key the Redis key
	 */
	void forget(String cacheName, String key) {
		dropKey(cacheName, key);
	}

	/**
	 * After a write of a key through this instance: drops the local copy and waits until every other instance has
	 * dropped its own.
	 * @param cacheName the cache
	 * @param key the Redis key
	 */
	void invalidate(String cacheName, String key) {
		dropKey(cacheName, key);
		await(publish(KEY, cacheName, key));
	}

	/**
	 * As {@link #invalidate}, without blocking: for writes completed on Redisson's threads.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @return completes once every instance acknowledged, or at the invalidation timeout
	 */
	CompletionStage<Void> invalidateAsync(String cacheName, String key) {
		dropKey(cacheName, key);
		return publish(KEY, cacheName, key).exceptionally((failure) -> null);
	}

	/**
	 * After a cache was cleared through this instance: drops its copies and waits for the other instances to drop
	 * theirs.
	 * @param cacheName the cache
	 */
	void invalidateAll(String cacheName) {
		dropCache(cacheName);
		await(publish(CLEAR, cacheName, ""));
	}

	/**
	 * Publishes an invalidation and returns a stage that completes when every receiver acknowledged it.
	 */
	private CompletableFuture<Void> publish(char type, String cacheName, String key) {
		long id = this.messageIds.incrementAndGet();
		Acknowledgements acknowledgements = new Acknowledgements();
		this.pending.put(id, acknowledgements);
		this.topic.publishAsync(message(type, id, cacheName, key)).whenComplete((receivers, failure) -> {
			if (failure != null) {
				acknowledgements.done.completeExceptionally(failure);
			}
			else {
				acknowledgements.expect(receivers.intValue());
			}
		});
		return acknowledgements.done.orTimeout(this.invalidationTimeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((ignored, failure) -> {
				this.pending.remove(id);
				if (failure instanceof TimeoutException) {
					warnTimeout(acknowledgements);
				}
			});
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

	private void warnTimeout(Acknowledgements acknowledgements) {
		if (this.timeoutWarnings.due()) {
			logger.warn("Near cache invalidation acknowledged by {} of {} instances within "
					+ "azure.redis.cache.near-cache.invalidation-timeout ({}): a slow or cut-off instance may serve its "
					+ "local copy a little longer", acknowledgements.received.get(), acknowledgements.expected,
					this.invalidationTimeout);
		}
	}

	private String message(char type, long id, String cacheName, String key) {
		return type + "" + SEPARATOR + this.instanceId + SEPARATOR + id + SEPARATOR + cacheName + SEPARATOR + key;
	}

	private void onMessage(String message) {
		String[] parts = message.split(String.valueOf(SEPARATOR), 5);
		if (parts.length != 5 || parts[0].length() != 1) {
			return;
		}
		char type = parts[0].charAt(0);
		String sender = parts[1];
		boolean mine = this.instanceId.equals(sender);
		if (type == PROBE) {
			if (mine) {
				probeEchoed(parts[4]);
			}
			return;
		}
		if (!mine) {
			this.invalidationsReceived.incrementAndGet();
			if (type == KEY) {
				dropKey(parts[3], parts[4]);
			}
			else if (type == CLEAR) {
				dropCache(parts[3]);
			}
		}
		acknowledge(sender, mine, Long.parseLong(parts[2]));
	}

	private void acknowledge(String sender, boolean mine, long id) {
		if (mine) {
			acknowledged(id);
			return;
		}
		this.writersAcknowledgements
			.computeIfAbsent(sender,
					(writer) -> this.redisson.getTopic(acknowledgementChannel(writer), StringCodec.INSTANCE))
			.publishAsync(Long.toString(id));
	}

	private void acknowledged(long id) {
		Acknowledgements acknowledgements = this.pending.get(id);
		if (acknowledgements != null) {
			acknowledgements.receive();
		}
	}

	private synchronized void probeEchoed(String nonce) {
		if (nonce.equals(this.pendingProbe)) {
			this.pendingProbe = null;
			if (!this.ready) {
				this.ready = true;
				logger.debug("Near cache invalidation channel is live: serving local copies");
			}
		}
	}

	private void probe() {
		String nonce = UUID.randomUUID().toString();
		synchronized (this) {
			this.pendingProbe = nonce;
		}
		try {
			this.topic.publishAsync(message(PROBE, 0, "", nonce));
		}
		catch (RuntimeException ex) {
			logger.debug("Near cache probe could not be published: {}", ex.toString());
		}
		this.prober.schedule(() -> {
			if (nonce.equals(this.pendingProbe)) {
				// No echo: the subscription may be broken, and invalidations lost with it.
				dropAll("invalidation probe not echoed within " + PROBE_TIMEOUT);
			}
		}, PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void onConnect(InetSocketAddress address) {
	}

	@Override
	public void onDisconnect(InetSocketAddress address) {
		if (this.prober.isShutdown()) {
			// Closed with the application, whose client is now closing its connections: nothing to protect.
			return;
		}
		// Which connection it was is unknown: the subscription may be gone, so trust no copy until a probe returns.
		dropAll("connection to " + address + " lost");
		try {
			this.prober.execute(this::probe);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile.
		}
	}

	private void dropKey(String cacheName, String key) {
		this.stamps.incrementAndGet(stripe(key));
		Cache<String, Copy> cache = this.copies.get(cacheName);
		if (cache != null) {
			cache.invalidate(key);
		}
	}

	private void dropCache(String cacheName) {
		bumpAllStamps();
		Cache<String, Copy> cache = this.copies.get(cacheName);
		if (cache != null) {
			cache.invalidateAll();
		}
	}

	private void dropAll(String reason) {
		boolean wasReady;
		synchronized (this) {
			wasReady = this.ready;
			this.ready = false;
			// A probe sent before this point proves nothing about the subscription after it.
			this.pendingProbe = null;
		}
		bumpAllStamps();
		this.copies.values().forEach(Cache::invalidateAll);
		if (wasReady) {
			logger.debug("Near cache dropped all local copies: {}", reason);
		}
	}

	private void bumpAllStamps() {
		for (int i = 0; i < STRIPES; i++) {
			this.stamps.incrementAndGet(i);
		}
	}

	private static int stripe(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	private Cache<String, Copy> newCache() {
		return Caffeine.newBuilder()
			.maximumSize(this.maxSize)
			.expireAfter(Expiry.<String, Copy>creating((key, copy) -> Duration.ofNanos(copy.lifeNanos)))
			.build();
	}

	@Override
	public void close() {
		this.prober.shutdownNow();
		this.ready = false;
		try {
			this.topic.removeListener(this.messageListener, this.statusListener);
			this.acknowledgements.removeListener(this.acknowledgementListener);
		}
		catch (RuntimeException ex) {
			// The client may already be shut down.
		}
	}

	/** A value shared by every caller, or the bytes each caller reads its own copy from. */
	private record Copy(@Nullable Object shared, byte @Nullable [] bytes, long lifeNanos) {
	}

	/** Acknowledgements of one invalidation: complete when as many arrived as Redis delivered the message to. */
	private static final class Acknowledgements {

		private final AtomicInteger received = new AtomicInteger();

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		private volatile int expected = -1;

		void receive() {
			int count = this.received.incrementAndGet();
			int target = this.expected;
			if (target >= 0 && count >= target) {
				this.done.complete(null);
			}
		}

		void expect(int receivers) {
			this.expected = receivers;
			if (this.received.get() >= receivers) {
				this.done.complete(null);
			}
		}

	}

}
