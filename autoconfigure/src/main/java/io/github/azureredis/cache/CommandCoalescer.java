package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.connection.redisson.NodeCommands.Shard;
import io.github.azureredis.connection.redisson.NodeCommands.Write;
import io.github.azureredis.observation.AzureRedisObservations;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Sends cache reads, and the fills of misses, as few commands as possible without making any wait for a timer, and
 * without letting one Redis node slow the commands of another ({@link ShardLanes}): a read or a fill that finds fewer
 * commands of its kind under way to its node than the window is sent at once, alone; those that arrive while the
 * window is full leave together as soon as one completes: reads as one {@code MGET} per hash slot, fills as one
 * pipeline of {@code SET ... NX} per node.
 * <p>
 * Alone, a read costs what a {@code GET} costs. Under concurrency, the client's per-command work (pool, timers,
 * futures, a write to the socket) and the server's are shared by the commands of a batch, which is what lets a
 * Redisson-based cache serve hits, and misses, at the rate of a single-connection client like Lettuce. A fill is not
 * awaited by its caller ({@link PendingFills}): queued, it only waits for a command under way.
 * <p>
 * A read whose callers have all given up (their time ran out on a stalled node) is cancelled, so that Redisson stops
 * retrying it and its place in the window goes to a read someone still waits for.
 * <p>
 * Observed, a command is a child of the cache operation of its first read or fill, whichever thread sends it.
 * <p>
 * A decorator of the {@link CacheStore} it is given, for its reads ({@code get}) and fills; every other command goes
 * to that store.
 *
 * @author Azure Redis Cache contributors
 */
final class CommandCoalescer implements CacheStore {

	private final CacheStore store;

	private final NodeCommands nodes;

	private final AzureRedisObservations observations;

	private final ShardLanes<Read> reads;

	private final ShardLanes<Fill> fills;

	/**
	 * Creates a coalescer.
	 * @param store the store of every other command
	 * @param nodes sends the reads and fills
	 * @param maxInFlight commands of a kind under way to a node at once before others queue up, when round trips are
	 * short
	 * @param maxBatch most keys in one batch
	 * @param observations observes the commands sent
	 */
	CommandCoalescer(CacheStore store, NodeCommands nodes, int maxInFlight, int maxBatch,
			AzureRedisObservations observations) {
		this.store = store;
		this.nodes = nodes;
		this.observations = observations;
		this.reads = new ShardLanes<>(nodes, maxInFlight, maxBatch, (read) -> read.value.isDone(), this::sendReads);
		this.fills = new ShardLanes<>(nodes, maxInFlight, maxBatch, (fill) -> fill.done.isDone(), this::sendFills);
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
		this.reads.submit(slot, read);
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
		Fill fill = new Fill(new Write(key, value, timeToLive), this.observations.current());
		this.fills.submit(this.nodes.slot(key), fill);
		return fill.done;
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
	 * The window of the reads of a key's node (for tests and diagnostics).
	 * @param key a key
	 * @return read commands allowed under way to its node before reads queue up
	 */
	int window(byte[] key) {
		return this.reads.window(this.nodes.slot(key));
	}

	private CompletableFuture<Void> sendReads(List<Read> batch, @Nullable Shard shard) {
		if (batch.size() == 1) {
			Read read = batch.get(0);
			CompletableFuture<byte @Nullable []> value = this.observations.command("GET", () -> address(shard), 1,
					read.parent, () -> this.nodes.get(read.key));
			cancelWhenAbandoned(value, batch);
			return value.handle((bytes, failure) -> {
				settle(read.value, bytes, failure);
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
					settle(reads.get(i).value, (failure == null) ? list.get(i) : null, failure);
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

	}

	private CompletableFuture<Void> sendFills(List<Fill> batch, @Nullable Shard shard) {
		if (batch.size() == 1) {
			Fill fill = batch.get(0);
			Write write = fill.write;
			CompletableFuture<Void> command = this.observations.command("SET", () -> address(shard), 1, fill.parent,
					() -> this.nodes.setIfAbsent(write.key(), write.value(), write.timeToLive()));
			// Its caller's time ran out (the writer bounds a fill): Redisson stops retrying a cancelled command.
			fill.done.whenComplete((ignored, failure) -> command.cancel(false));
			return command.whenComplete((written, failure) -> settle(fill.done, written, failure));
		}
		List<Write> writes = batch.stream().map((fill) -> fill.write).toList();
		return this.observations.command("SET", () -> address(shard), writes.size(), batch.get(0).parent, () -> {
			List<CompletableFuture<Void>> written = this.nodes.setIfAbsent(writes);
			for (int i = 0; i < batch.size(); i++) {
				CompletableFuture<Void> done = batch.get(i).done;
				written.get(i).whenComplete((ignored, failure) -> settle(done, ignored, failure));
			}
			return CompletableFuture.allOf(written.toArray(new CompletableFuture[0]));
		});
	}

	/**
	 * The fill of a miss, queued or sent. Its caller bounds it by the call's timeout, completing it exceptionally when
	 * the time runs out: a fill still queued then is never sent, so that it cannot land after a later write of this
	 * instance. A pipeline already sent stays bounded by the client's own timeout and retries.
	 */
	private static final class Fill {

		private final Write write;

		private final @Nullable Observation parent;

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		Fill(Write write, @Nullable Observation parent) {
			this.write = write;
			this.parent = parent;
		}

	}

	/** Completes a read's or a fill's future with the outcome of the command that carried it. */
	private static <T extends @Nullable Object> void settle(CompletableFuture<T> future, @Nullable T value,
			@Nullable Throwable failure) {
		if (failure != null) {
			future.completeExceptionally(failure);
		}
		else {
			future.complete(value);
		}
	}

}
