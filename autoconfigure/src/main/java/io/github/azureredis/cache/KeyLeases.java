package io.github.azureredis.cache;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.azureredis.cache.LoadOutcomes.Outcome;
import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.observation.AzureRedisObservations;
import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.WarningInterval;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.Cache.ValueWrapper;

/**
 * One computation of a key across the instances of an application ({@code @Cacheable(sync = true)}). On a miss, the
 * instance that takes the key's lease in Redis ({@code SET NX PX} of a random owner token, in a script that first
 * checks the entry was not written meanwhile) computes the value, then writes it, releases the lease
 * (compare-and-delete) and publishes the key on a channel, in one script; the other
 * instances wait for that message, or find the value by a short poll should the message be lost, and read it. A
 * lease whose holder died expires after its duration, and a waiter then takes it; a waiter never waits longer than its
 * cache's bound, and computes the value itself when Redis does not answer within the call's timeout.
 * <p>
 * Redisson's {@code RLock} lacked what a cache needs: its waiters learn that the lock was released, not that the
 * value was written, so each would read Redis again, and each lock name has a channel of its own, subscribed per
 * waiting key; its release is a command apart from the value's write. Here one channel serves every key, and the
 * write of the value and the release of its lease are one command, so that a miss costs one extra command (taking the
 * lease) and a hit none. The lease key lives in the entry key's hash slot (a hash tag) so that one script reaches
 * both; a key whose slot a lease key cannot share (a cluster key with braces but no hash tag) is computed once per
 * instance, as without leases.
 *
 * @author Azure Redis Cache contributors
 */
final class KeyLeases {

	/** The channel on which the instances hear that a key was written or its lease released. */
	static final String CHANNEL = "azure-redis-cache:leases";

	private static final Logger logger = LoggerFactory.getLogger(KeyLeases.class);

	private static final byte[] PREFIX = "azure-redis-cache:lease:".getBytes(StandardCharsets.UTF_8);

	// KEYS: the entry, its lease. ARGV: the owner token, the lease's duration in ms, the remaining life in ms at or
	// below which an entry is stale (0 without fail-safe). 2: the entry exists and is fresh (written since the
	// caller's read); 1: the lease is the caller's; 0: another holds it, and now knows that an instance waits (a '+'
	// after its token; APPEND keeps the lease's expiry), so that its holder publishes when it is done.
	private static final String ACQUIRE = "local life = redis.call('PTTL', KEYS[1]) "
			+ "if life == -1 or life > tonumber(ARGV[3]) then return 2 end "
			+ "if redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end "
			+ "local holder = redis.call('GET', KEYS[2]) "
			+ "if holder and string.sub(holder, -1) ~= '+' then redis.call('APPEND', KEYS[2], '+') end "
			+ "return 0";

	// KEYS: the entry, its lease. ARGV: the owner token, the lease's duration in ms, the entry's remaining life in ms
	// above which it was refreshed already. 2: refreshed already, or gone; 1: the lease is the caller's; 0: held.
	private static final String ACQUIRE_FOR_REFRESH = "local life = redis.call('PTTL', KEYS[1]) "
			+ "if life == -2 or life > tonumber(ARGV[3]) then return 2 end "
			+ "if redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end "
			+ "return 0";

	// KEYS: the entry, its lease. ARGV: the value, its time to live in ms (0: none), the owner token, the channel.
	// Publishes only when an instance waits (or the lease is no longer the caller's, whoever waits for it then).
	// 1: the lease was still the caller's; 0: it had expired (and another instance may have taken it).
	private static final String WRITE_AND_RELEASE = "if tonumber(ARGV[2]) > 0 then "
			+ "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('SET', KEYS[1], ARGV[1]) end "
			+ "local lease = redis.call('GET', KEYS[2]) "
			+ "local held = lease and string.sub(lease, 1, #ARGV[3]) == ARGV[3] "
			+ "if held then redis.call('DEL', KEYS[2]) end "
			+ "if not held or #lease > #ARGV[3] then redis.call('PUBLISH', ARGV[4], KEYS[1]) end "
			+ "if held then return 1 end return 0";

	// KEYS: the lease. ARGV: the owner token, the channel, the entry key.
	private static final String RELEASE = "local lease = redis.call('GET', KEYS[1]) "
			+ "if lease and string.sub(lease, 1, #ARGV[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end "
			+ "redis.call('PUBLISH', ARGV[2], ARGV[3]) "
			+ "return nil";

	private static final long HELD = 0;

	private static final long TAKEN = 1;

	private static final long WRITTEN = 2;

	private static final Duration SHORTEST_POLL = Duration.ofMillis(20);

	private static final Duration LONGEST_POLL = Duration.ofMillis(500);

	private final NodeCommands nodes;

	private final BoundedCalls calls;

	private final AzureRedisObservations observations;

	private final RTopic channel;

	private final Map<String, CompletableFuture<Void>> written = new ConcurrentHashMap<>();

	private final WarningInterval warnings = new WarningInterval(Duration.ofSeconds(10));

	private final WarningInterval expiredLeaseWarnings = new WarningInterval(Duration.ofSeconds(10));

	private final LoadOutcomes outcomes;

	private volatile @Nullable CompletableFuture<Integer> subscription;

	KeyLeases(RedissonClient redisson, NodeCommands nodes, BoundedCalls calls, AzureRedisObservations observations,
			LoadOutcomes outcomes) {
		this.outcomes = outcomes;
		this.nodes = nodes;
		this.calls = calls;
		this.observations = observations;
		this.channel = redisson.getTopic(CHANNEL, ByteArrayCodec.INSTANCE);
	}

	/**
	 * Loads a key that missed, once across the instances: takes its lease and computes, or waits for the instance
	 * that holds it.
	 * @param <T> the type of the value
	 * @param cacheName the cache name, for warnings
	 * @param key the entry's key in Redis
	 * @param settings the cache's lease settings
	 * @param staleFor how long an entry is kept past its time to live (fail-safe), zero without: a stale entry is
	 * recomputed under the lease as a missing one is
	 * @param load reads, computes and writes the entry
	 * @return the value, computed here or by another instance
	 */
	@SuppressWarnings("unchecked")
	<T> @Nullable T load(String cacheName, byte[] key, Settings settings, Duration staleFor, LeasedLoad<T> load) {
		byte[] leaseKey = leaseKey(key);
		if (leaseKey == null) {
			return load.computeAndWrite(null);
		}
		subscribe();
		String waitingKey = new String(key, StandardCharsets.ISO_8859_1);
		CompletableFuture<Void> written = this.written.computeIfAbsent(waitingKey, (ignored) -> new CompletableFuture<>());
		long deadline = System.nanoTime() + settings.maxWait().toNanos();
		try {
			while (true) {
				byte[] token = newToken();
				long state;
				try {
					state = tryAcquire(key, leaseKey, token, settings.duration(), staleFor);
				}
				catch (UncacheableValueException redisFull) {
					// Redis refuses writes: the value is computed, and its write refused and counted as on any put.
					return load.computeAndWrite(null);
				}
				catch (RuntimeException unavailable) {
					warn(cacheName, "could not take the lease of a key", unavailable);
					this.outcomes.record(cacheName, Outcome.COMPUTED_LOCALLY);
					return load.computeLocally();
				}
				if (state == TAKEN) {
					this.outcomes.record(cacheName, Outcome.LEADER);
					return load.computeAndWrite(new Lease(cacheName, key, leaseKey, token, settings.duration()));
				}
				if (state == WRITTEN) {
					ValueWrapper found;
					try {
						found = load.read();
					}
					catch (RuntimeException unavailable) {
						warn(cacheName, "could not read a key another instance wrote", unavailable);
						this.outcomes.record(cacheName, Outcome.COMPUTED_LOCALLY);
						return load.computeLocally();
					}
					if (found != null) {
						this.outcomes.record(cacheName, Outcome.WAITED);
						return (T) found.get();
					}
					// An entry that does not read back (expired meanwhile, or unreadable) is replaced, as on a miss.
					return load.computeAndWrite(null);
				}
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					warn(cacheName, "waited " + settings.maxWait() + " (max-wait) for another instance's computation "
							+ "of a key", null);
					this.outcomes.record(cacheName, Outcome.MAX_WAIT);
					return load.computeAndWrite(null);
				}
				awaitWritten(written, Math.min(remaining, settings.pollInterval().toNanos()));
				if (written.isDone()) {
					this.written.remove(waitingKey, written);
					written = this.written.computeIfAbsent(waitingKey, (ignored) -> new CompletableFuture<>());
				}
			}
		}
		finally {
			this.written.remove(waitingKey, written);
		}
	}

	/**
	 * Takes the lease of an entry to refresh it ahead of its expiry, unless another instance holds it or refreshed the
	 * entry already (its remaining life is above the refresh window), in one command.
	 * @param cacheName the cache name, for warnings
	 * @param key the entry's key in Redis
	 * @param settings the cache's lease settings
	 * @param refreshedAbove the remaining life in Redis above which the entry was refreshed already
	 * @return the lease, or {@code null} when this instance should not refresh; fails when Redis does not answer
	 */
	@Nullable Lease takeForRefresh(String cacheName, byte[] key, Settings settings, Duration refreshedAbove) {
		byte[] leaseKey = leaseKey(key);
		if (leaseKey == null) {
			return null;
		}
		byte[] token = newToken();
		this.calls.checkAvailable();
		Object state = this.calls.await(sent("EVALSHA", key, () -> this.nodes.evalWrite(ACQUIRE_FOR_REFRESH,
				List.of(key, leaseKey), token, Long.toString(settings.duration().toMillis()),
				Long.toString(refreshedAbove.toMillis()))));
		return Long.valueOf(TAKEN).equals(state) ? new Lease(cacheName, key, leaseKey, token, settings.duration())
				: null;
	}

	/**
	 * A lease's owner token: random, so that no other holder (another instance, or this one after the lease expired)
	 * releases a lease it does not hold. It guards against mistakes, not attackers (anyone who can write to Redis can
	 * delete a lease), so a fast random source serves: {@code UUID.randomUUID()} draws from {@code SecureRandom} on
	 * every miss.
	 */
	private static byte[] newToken() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return (Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()))
			.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Whether an entry's key can have a lease: its slot can be shared by the lease's key.
	 * @param key the entry's key in Redis
	 * @return {@code true} if it can
	 */
	boolean canLease(byte[] key) {
		return leaseKey(key) != null;
	}

	/**
	 * Writes a value and releases its lease, in one command, and tells the waiting instances. A lease that expired
	 * before the write is warned about: another instance may have computed the value too.
	 * @param key the entry's key
	 * @param value the value
	 * @param timeToLive its time to live, or {@code null} for none
	 * @param lease the lease
	 * @return completes once written
	 */
	CompletableFuture<@Nullable Object> writeAndRelease(byte[] key, byte[] value, @Nullable Duration timeToLive,
			Lease lease) {
		return sent("EVALSHA", key, () -> this.nodes.evalWrite(WRITE_AND_RELEASE, List.of(key, lease.key()), value,
				Long.toString((timeToLive != null) ? timeToLive.toMillis() : 0), lease.token(), CHANNEL))
			.thenApply((held) -> {
				if (Long.valueOf(0).equals(held) && this.expiredLeaseWarnings.due()) {
					logger.warn("Cache '{}': a computation outlasted its lease ({}), so another instance may have "
							+ "computed the value too: set azure.redis.cache.lease.duration (or the cache's "
							+ "lease.duration) above the method's slowest time", lease.cacheName(), lease.duration());
				}
				return held;
			});
	}

	/**
	 * Releases a lease without writing (the computation failed, or its value is not cached), without waiting: the
	 * waiting instances then take it in turn. Should Redis not answer, the lease expires.
	 * @param lease the lease
	 */
	void release(Lease lease) {
		sent("EVALSHA", lease.key(), () -> this.nodes.evalWrite(RELEASE, lease.key(), lease.token(), CHANNEL,
				lease.entryKey()))
			.whenComplete((ignored, failure) -> {
				if (failure != null) {
					logger.debug("Could not release a lease; it expires", failure);
				}
			});
	}

	/** Stops listening. */
	void close() {
		CompletableFuture<Integer> subscribed = this.subscription;
		if (subscribed != null) {
			subscribed.thenAccept(this.channel::removeListenerAsync);
		}
	}

	/**
	 * Takes a lease unless another instance holds it or a fresh entry exists, in one command.
	 * @return {@link #TAKEN}, {@link #HELD} or {@link #WRITTEN}
	 */
	private long tryAcquire(byte[] key, byte[] leaseKey, byte[] token, Duration duration, Duration staleFor) {
		this.calls.checkAvailable();
		Object state = this.calls.await(sent("EVALSHA", key, () -> this.nodes.evalWrite(ACQUIRE,
				List.of(key, leaseKey), token, Long.toString(duration.toMillis()), Long.toString(staleFor.toMillis()))));
		return (state instanceof Long number) ? number : HELD;
	}

	/**
	 * The key of an entry's lease, in the entry's hash slot: the entry key behind a prefix, which keeps its hash tag,
	 * or else the entry key as the hash tag.
	 */
	private byte @Nullable [] leaseKey(byte[] key) {
		int slot = this.nodes.slot(key);
		byte[] prefixed = concat(PREFIX, key);
		if (this.nodes.slot(prefixed) == slot) {
			return prefixed;
		}
		byte[] tagged = concat(PREFIX, new byte[] { '{' }, key, new byte[] { '}' });
		return (this.nodes.slot(tagged) == slot) ? tagged : null;
	}

	private static byte[] concat(byte[]... parts) {
		int length = Arrays.stream(parts).mapToInt((part) -> part.length).sum();
		byte[] joined = new byte[length];
		int at = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, joined, at, part.length);
			at += part.length;
		}
		return joined;
	}

	/** Listens to the channel, from the first load on; tries again on a later load if subscribing failed. */
	private void subscribe() {
		CompletableFuture<Integer> subscribed = this.subscription;
		if (subscribed != null && !subscribed.isCompletedExceptionally()) {
			return;
		}
		synchronized (this) {
			subscribed = this.subscription;
			if (subscribed == null || subscribed.isCompletedExceptionally()) {
				this.subscription = this.channel
					.addListenerAsync(byte[].class, (channel, message) -> wrote(message))
					.toCompletableFuture();
			}
		}
	}

	private void wrote(byte[] key) {
		CompletableFuture<Void> waiting = this.written.remove(new String(key, StandardCharsets.ISO_8859_1));
		if (waiting != null) {
			waiting.complete(null);
		}
	}

	private static void awaitWritten(CompletableFuture<Void> written, long nanos) {
		try {
			written.get(nanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			// Poll: the message may have been lost, or the lease expired.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for another instance's computation", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void warn(String cacheName, String what, @Nullable RuntimeException failure) {
		if (this.warnings.due()) {
			logger.warn("Cache '{}' {}: computing it here{}", cacheName, what,
					(failure != null) ? " (" + failure + ")" : "");
		}
	}

	/** Sends a command of one key, observed as a child of the operation in scope. */
	private <T> CompletableFuture<T> sent(String command, byte[] key, Supplier<CompletableFuture<T>> send) {
		return this.observations.command(command, () -> address(key), 1, null, send);
	}

	private @Nullable InetSocketAddress address(byte[] key) {
		NodeCommands.Shard shard = this.nodes.shard(this.nodes.slot(key));
		return (shard != null) ? shard.address() : null;
	}

	/**
	 * The lease settings of a cache.
	 *
	 * @param duration how long a lease lasts unless released: longer than the slowest computation
	 * @param maxWait the longest a caller waits for another instance's computation
	 * @param withoutSync whether misses of methods without {@code sync = true} take leases too
	 */
	record Settings(Duration duration, Duration maxWait, boolean withoutSync) {

		Settings(Duration duration, Duration maxWait) {
			this(duration, maxWait, false);
		}

		/** @return how often a waiter reads Redis should the channel's message not come: a tenth of the duration */
		Duration pollInterval() {
			Duration tenth = this.duration.dividedBy(10);
			return (tenth.compareTo(SHORTEST_POLL) < 0) ? SHORTEST_POLL
					: (tenth.compareTo(LONGEST_POLL) > 0) ? LONGEST_POLL : tenth;
		}

	}

	/**
	 * A lease held by this instance.
	 *
	 * @param cacheName the cache of the entry
	 * @param entryKey the key of the entry it is for
	 * @param key its own key
	 * @param token the owner token, which only its holder knows
	 * @param duration how long it lasts unless released
	 */
	record Lease(String cacheName, byte[] entryKey, byte[] key, byte[] token, Duration duration) {
	}

	/**
	 * What a load under a lease does with the entry.
	 *
	 * @param <T> the type of the value
	 */
	interface LeasedLoad<T> {

		/** @return the entry, if another instance wrote it; fails when Redis does not answer */
		@Nullable ValueWrapper read();

		/**
		 * Computes the value and writes it, releasing the lease, or only releasing it should the computation fail.
		 * @param lease the lease, or {@code null} when computing without one
		 * @return the value
		 */
		@Nullable T computeAndWrite(@Nullable Lease lease);

		/** @return the value, computed without writing it: Redis did not answer */
		@Nullable T computeLocally();

	}

}
