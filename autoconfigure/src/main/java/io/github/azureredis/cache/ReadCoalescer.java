package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.connection.redisson.NodeCommands.Shard;
import io.github.azureredis.observation.AzureRedisObservations;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Sends cache reads as few commands as possible without making any read wait for a timer, and without letting one
 * Redis node slow the reads of another. Each node (a shard: a master and its replicas) has its own lane: a read that
 * finds fewer commands under way to its node than the window is sent at once, as a {@code GET}; reads that arrive
 * while the window is full queue up and leave together, as one {@code MGET} per hash slot, as soon as a command to
 * that node completes.
 * <p>
 * Alone, a read costs what a {@code GET} costs. Under concurrency, the client's per-command work (pool, timers,
 * futures) and the server's are shared by the reads of a batch, which is what lets a Redisson-based cache serve hits
 * at the rate of a single-connection client like Lettuce.
 * <p>
 * The window is {@code maxInFlight} commands, widened by one per 50 us of the node's shortest recent round trip (up
 * to 32): on loopback, where the cost is CPU, reads coalesce after two commands; across a network, where a queued read
 * would wait a whole round trip, enough commands are in flight to keep the link busy. A command whose callers have all
 * given up (their time ran out on a stalled node) is cancelled, so that Redisson stops retrying it and its place in
 * the window goes to a read someone still waits for.
 * <p>
 * Observed, a command is a child of the cache operation of its first read, whichever thread sends it.
 * <p>
 * A decorator of the {@link CacheStore} it is given, for its reads ({@code get}); every other command goes to that
 * store.
 *
 * @author Azure Redis Cache contributors
 */
final class ReadCoalescer implements CacheStore {

	/** One more command may be under way per this much of the shortest recent round trip. */
	private static final long ROUND_TRIP_PER_EXTRA_COMMAND_NANOS = 50_000;

	private static final long MAX_WINDOW_BY_ROUND_TRIP = 32;

	private static final Object NO_SHARD = new Object();

	private final CacheStore store;

	private final NodeCommands nodes;

	private final AzureRedisObservations observations;

	private final int maxInFlight;

	private final int maxBatch;

	private final Map<Object, Lane> lanes = new ConcurrentHashMap<>();

	/**
	 * Creates a coalescer.
	 * @param store the store of every other command
	 * @param nodes sends the reads
	 * @param maxInFlight commands under way to a node at once before reads queue up, when round trips are short
	 * @param maxBatch most reads in one {@code MGET}
	 * @param observations observes the commands sent
	 */
	ReadCoalescer(CacheStore store, NodeCommands nodes, int maxInFlight, int maxBatch,
			AzureRedisObservations observations) {
		this.store = store;
		this.nodes = nodes;
		this.observations = observations;
		this.maxInFlight = maxInFlight;
		this.maxBatch = maxBatch;
	}

	/**
	 * Reads a key. A caller that gives up on the read cancels the returned future; a cancelled read still queued is
	 * not sent.
	 * @param key the key
	 * @return its value, or {@code null} when absent
	 */
	@Override
	public CompletableFuture<byte @Nullable []> get(byte[] key) {
		int slot = this.nodes.slot(key);
		Read read = new Read(key, slot, this.observations.current());
		Lane lane = lane(slot);
		lane.queue.add(read);
		lane.drain();
		return read.value;
	}

	@Override
	public CompletableFuture<byte @Nullable []> getAndExpire(byte[] key, Duration timeToIdle) {
		return this.store.getAndExpire(key, timeToIdle);
	}

	@Override
	public CompletableFuture<@Nullable ValueWithLife> getWithLife(byte[] key) {
		return this.store.getWithLife(key);
	}

	@Override
	public CompletableFuture<Void> set(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return this.store.set(key, value, timeToLive);
	}

	@Override
	public CompletableFuture<Void> fill(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return this.store.fill(key, value, timeToLive);
	}

	@Override
	public CompletableFuture<byte @Nullable []> setIfAbsent(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return this.store.setIfAbsent(key, value, timeToLive);
	}

	@Override
	public CompletableFuture<Boolean> delete(byte[] key) {
		return this.store.delete(key);
	}

	@Override
	public CompletableFuture<Long> deleteMatching(byte[] pattern) {
		return this.store.deleteMatching(pattern);
	}

	/**
	 * The window of the lane of a key's node (for tests and diagnostics).
	 * @param key a key
	 * @return commands allowed under way to its node before reads queue up
	 */
	int window(byte[] key) {
		return lane(this.nodes.slot(key)).window();
	}

	// Failovers and resharding move slots between shards: a lane follows the shard, not the slot.
	private Lane lane(int slot) {
		Shard shard = this.nodes.shard(slot);
		return this.lanes.computeIfAbsent((shard != null) ? shard : NO_SHARD, (node) -> new Lane(shard));
	}

	/** The reads of one node: its queue, its commands under way, its round trip. */
	private final class Lane {

		private final @Nullable Shard shard;

		private final ConcurrentLinkedQueue<Read> queue = new ConcurrentLinkedQueue<>();

		private final AtomicInteger inFlight = new AtomicInteger();

		private final ShortestRoundTrip roundTrip = new ShortestRoundTrip();

		Lane(@Nullable Shard shard) {
			this.shard = shard;
		}

		/**
		 * Sends queued reads while fewer commands than the window are under way. Called after every enqueue and
		 * after every completion: a read queued while all slots were taken is sent by the completion that frees one.
		 */
		void drain() {
			while (!this.queue.isEmpty()) {
				int current = this.inFlight.get();
				if (current >= window()) {
					return;
				}
				if (!this.inFlight.compareAndSet(current, current + 1)) {
					continue;
				}
				List<Read> batch = new ArrayList<>();
				Read read;
				while (batch.size() < ReadCoalescer.this.maxBatch && (read = this.queue.poll()) != null) {
					if (!read.value.isDone()) {
						batch.add(read);
					}
				}
				if (batch.isEmpty()) {
					this.inFlight.decrementAndGet();
					continue;
				}
				long sentAt = System.nanoTime();
				send(batch, this.shard).whenComplete((ignored, failure) -> {
					if (failure == null) {
						this.roundTrip.record(System.nanoTime() - sentAt);
					}
					this.inFlight.decrementAndGet();
					drain();
				});
			}
		}

		int window() {
			long shortest = this.roundTrip.shortestNanos();
			long byRoundTrip = (shortest == Long.MAX_VALUE) ? 0
					: Math.min(MAX_WINDOW_BY_ROUND_TRIP, shortest / ROUND_TRIP_PER_EXTRA_COMMAND_NANOS);
			return (int) Math.max(ReadCoalescer.this.maxInFlight, byRoundTrip);
		}

	}

	private CompletableFuture<Void> send(List<Read> batch, @Nullable Shard shard) {
		if (batch.size() == 1) {
			Read read = batch.get(0);
			CompletableFuture<byte @Nullable []> value = this.observations.command("GET", () -> address(shard), 1,
					read.parent, () -> this.nodes.get(read.key));
			cancelWhenAbandoned(value, batch);
			return value.handle((bytes, failure) -> {
				read.complete(bytes, failure);
				return null;
			});
		}
		// MGET needs every key in one hash slot: in a cluster, one MGET per slot.
		Map<Integer, List<Read>> bySlot = new LinkedHashMap<>();
		for (Read read : batch) {
			bySlot.computeIfAbsent(read.slot, (slot) -> new ArrayList<>()).add(read);
		}
		List<CompletableFuture<Void>> sent = new ArrayList<>(bySlot.size());
		for (List<Read> reads : bySlot.values()) {
			List<byte[]> keys = reads.stream().map((read) -> read.key).toList();
			CompletableFuture<List<byte @Nullable []>> values = this.observations.command("MGET", () -> address(shard),
					keys.size(), reads.get(0).parent, () -> this.nodes.mget(keys));
			cancelWhenAbandoned(values, reads);
			sent.add(values.handle((list, failure) -> {
				for (int i = 0; i < reads.size(); i++) {
					reads.get(i).complete((failure == null) ? list.get(i) : null, failure);
				}
				return null;
			}));
		}
		return CompletableFuture.allOf(sent.toArray(new CompletableFuture[0]));
	}

	private static java.net.@Nullable InetSocketAddress address(@Nullable Shard shard) {
		return (shard != null) ? shard.address() : null;
	}

	/** Cancels a command once every read waiting for it was given up (cancelled by its caller). */
	private static void cancelWhenAbandoned(CompletableFuture<?> command, List<Read> reads) {
		for (Read read : reads) {
			read.value.whenComplete((value, failure) -> {
				if (read.value.isCancelled() && reads.stream().allMatch((other) -> other.value.isCancelled())) {
					command.cancel(false);
				}
			});
		}
	}

	/**
	 * The shortest round trip of recent commands: over the current period and the one before, so that it follows
	 * a change of network (a failover, a scale operation) within two periods. Updates race harmlessly: it is an
	 * estimate.
	 */
	private static final class ShortestRoundTrip {

		private static final long PERIOD_NANOS = 5_000_000_000L;

		private volatile long periodStart = System.nanoTime();

		private volatile long current = Long.MAX_VALUE;

		private volatile long previous = Long.MAX_VALUE;

		void record(long nanos) {
			long now = System.nanoTime();
			if (now - this.periodStart > PERIOD_NANOS) {
				this.previous = this.current;
				this.current = nanos;
				this.periodStart = now;
			}
			else if (nanos < this.current) {
				this.current = nanos;
			}
		}

		long shortestNanos() {
			return Math.min(this.current, this.previous);
		}

	}

	private static final class Read {

		private final byte[] key;

		private final int slot;

		private final @Nullable Observation parent;

		private final CompletableFuture<byte @Nullable []> value = new CompletableFuture<>();

		Read(byte[] key, int slot, @Nullable Observation parent) {
			this.key = key;
			this.slot = slot;
			this.parent = parent;
		}

		void complete(byte @Nullable [] bytes, @Nullable Throwable failure) {
			if (failure != null) {
				this.value.completeExceptionally(failure);
			}
			else {
				this.value.complete(bytes);
			}
		}

	}

}
