package io.github.azureredis.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.connection.redisson.NodeCommands.Shard;
import org.jspecify.annotations.Nullable;

/**
 * Lets commands of a kind leave as few batches as possible without making any wait for a timer, and without letting
 * one Redis node slow those of another. Each node (a shard: a master and its replicas) has its own lane: an item that
 * finds fewer batches under way to its node than the window leaves at once, alone; items that arrive while the window
 * is full queue up and leave together as soon as a batch to that node completes.
 * <p>
 * The window is {@code maxInFlight} batches, widened by one per 50 us of the node's shortest recent round trip (up to
 * 32): on loopback, where the cost is CPU, items queue after two batches; across a network, where a queued item would
 * wait a whole round trip, enough batches are in flight to keep the link busy.
 * <p>
 * Neither Redisson nor Netty batches commands by node: Redisson's {@code RBatch} leaves when told to, so a caller
 * would have to wait for a timer or a count.
 *
 * @param <T> an item: a read or a write of one key
 * @author Azure Redis Cache contributors
 */
final class ShardLanes<T> {

	/** One more batch may be under way per this much of the shortest recent round trip. */
	private static final long ROUND_TRIP_PER_EXTRA_COMMAND_NANOS = 50_000;

	private static final long MAX_WINDOW_BY_ROUND_TRIP = 32;

	private static final Object NO_SHARD = new Object();

	private final NodeCommands nodes;

	private final int maxInFlight;

	private final int maxBatch;

	private final Predicate<T> abandoned;

	private final Sender<T> sender;

	private final Map<Object, Lane> lanes = new ConcurrentHashMap<>();

	/**
	 * Creates the lanes of a kind of command.
	 * @param nodes finds the shard of a slot
	 * @param maxInFlight batches under way to a node at once before items queue up, when round trips are short
	 * @param maxBatch most items in one batch
	 * @param abandoned whether a queued item is no longer wanted (it is then not sent)
	 * @param sender sends a batch
	 */
	ShardLanes(NodeCommands nodes, int maxInFlight, int maxBatch, Predicate<T> abandoned, Sender<T> sender) {
		this.nodes = nodes;
		this.maxInFlight = maxInFlight;
		this.maxBatch = maxBatch;
		this.abandoned = abandoned;
		this.sender = sender;
	}

	/**
	 * Sends an item at once, or queues it behind the batches under way to its node.
	 * @param slot the hash slot of its key
	 * @param item the item
	 */
	void submit(int slot, T item) {
		Lane lane = lane(slot);
		lane.queue.add(item);
		lane.drain();
	}

	/**
	 * The window of the lane of a slot's node (for tests and diagnostics).
	 * @param slot a hash slot
	 * @return batches allowed under way to its node before items queue up
	 */
	int window(int slot) {
		return lane(slot).window();
	}

	// Failovers and resharding move slots between shards: a lane follows the shard, not the slot.
	private Lane lane(int slot) {
		Shard shard = this.nodes.shard(slot);
		Object node = (shard != null) ? shard : NO_SHARD;
		Lane lane = this.lanes.get(node);
		return (lane != null) ? lane : this.lanes.computeIfAbsent(node, (created) -> new Lane(shard));
	}

	/**
	 * Sends a batch of items of one node.
	 *
	 * @param <T> the items
	 */
	@FunctionalInterface
	interface Sender<T> {

		/**
		 * Sends a batch.
		 * @param batch its items, at least one
		 * @param shard their node, {@code null} when none serves their slots
		 * @return completes once every item was answered or failed
		 */
		CompletableFuture<?> send(List<T> batch, @Nullable Shard shard);

	}

	/** The items of one node: its queue, its batches under way, its round trip. */
	private final class Lane {

		private final @Nullable Shard shard;

		private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();

		private final AtomicInteger inFlight = new AtomicInteger();

		private final ShortestRoundTrip roundTrip = new ShortestRoundTrip();

		Lane(@Nullable Shard shard) {
			this.shard = shard;
		}

		/**
		 * Sends queued items while fewer batches than the window are under way. Called after every enqueue and after
		 * every completion: an item queued while all slots were taken is sent by the completion that frees one.
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
				List<T> batch = new ArrayList<>();
				T item;
				while (batch.size() < ShardLanes.this.maxBatch && (item = this.queue.poll()) != null) {
					if (!ShardLanes.this.abandoned.test(item)) {
						batch.add(item);
					}
				}
				if (batch.isEmpty()) {
					this.inFlight.decrementAndGet();
					continue;
				}
				long sentAt = System.nanoTime();
				ShardLanes.this.sender.send(batch, this.shard).whenComplete((ignored, failure) -> {
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
			return (int) Math.max(ShardLanes.this.maxInFlight, byRoundTrip);
		}

	}

	/**
	 * The shortest round trip of recent batches: over the current period and the one before, so that it follows a
	 * change of network (a failover, a scale operation) within two periods. Updates race harmlessly: it is an
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

}
