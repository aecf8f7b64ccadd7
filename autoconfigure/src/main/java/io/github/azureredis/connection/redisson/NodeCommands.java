package io.github.azureredis.connection.redisson;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.command.CommandBatchService;
import org.redisson.connection.ConnectionManager;
import org.redisson.connection.MasterSlaveEntry;

/**
 * The caches' commands, each of one key (or of keys of one hash slot), sent to the shard that serves it, and the
 * shards themselves. Redisson's public API reaches a key through an object per name ({@code RBucket}), converting the
 * name and looking up the codec on every call, and has no notion of the shard of a key, which the read coalescer needs
 * to batch the reads of one node into one {@code MGET}, and the near cache to give each node an invalidation channel
 * of its own. Built on Redisson's command executor and connection manager, which are not its API.
 *
 * @author Azure Redis Cache contributors
 */
public final class NodeCommands {

	private final CommandAsyncExecutor executor;

	private final ConnectionManager connections;

	private NodeCommands(CommandAsyncExecutor executor) {
		this.executor = executor;
		this.connections = executor.getConnectionManager();
	}

	/**
	 * The commands of a client.
	 * @param client the client
	 * @return its commands, or {@code null} when it is not Redisson's own implementation
	 */
	public static @Nullable NodeCommands of(RedissonClient client) {
		return (client instanceof Redisson redisson) ? new NodeCommands(redisson.getCommandExecutor()) : null;
	}

	/**
	 * The hash slot of a key.
	 * @param key the key
	 * @return its slot, 0 outside a cluster
	 */
	public int slot(byte[] key) {
		return this.connections.calcSlot(key);
	}

	/**
	 * The hash slot of a key.
	 * @param key the key
	 * @return its slot, 0 outside a cluster
	 */
	public int slot(String key) {
		return this.connections.calcSlot(key);
	}

	/**
	 * The shard that serves a hash slot now: failovers and resharding move slots between shards.
	 * @param slot the slot
	 * @return the shard, or {@code null} when none serves the slot
	 */
	public @Nullable Shard shard(int slot) {
		MasterSlaveEntry entry = this.connections.getEntry(slot);
		return (entry != null) ? new Shard(entry) : null;
	}

	/**
	 * The shard a node belongs to.
	 * @param address the address of the node (a master or one of its replicas)
	 * @return its shard, or {@code null} when it is not one of the client's nodes
	 */
	public @Nullable Shard shardAt(InetSocketAddress address) {
		MasterSlaveEntry entry = this.connections.getEntry(address);
		return (entry != null) ? new Shard(entry) : null;
	}

	/** @return the shards the client knows now: one outside a cluster */
	public List<Shard> shards() {
		List<Shard> shards = new ArrayList<>();
		this.connections.getEntrySet().forEach((entry) -> shards.add(new Shard(entry)));
		return shards;
	}

	/**
	 * {@code PING} to the master of every shard, without waiting for the answers.
	 */
	public void pingMasters() {
		this.connections.getEntrySet()
			.forEach((entry) -> this.executor.writeAsync(entry, StringCodec.INSTANCE, RedisCommands.PING));
	}

	/**
	 * {@code GET}.
	 * @param key the key
	 * @return its value, or {@code null} when absent
	 */
	public CompletableFuture<byte @Nullable []> get(byte[] key) {
		return this.executor.<Object, byte[]>readAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.GET, key)
			.toCompletableFuture();
	}

	/**
	 * {@code MGET} of keys of one hash slot.
	 * @param keys the keys
	 * @return their values, {@code null} for those absent, in the order of the keys
	 */
	public CompletableFuture<List<byte @Nullable []>> mget(List<byte[]> keys) {
		return this.executor
			.<List<Object>, List<byte[]>>readAsync(keys.get(0), ByteArrayCodec.INSTANCE, RedisCommands.MGET,
					keys.toArray())
			.toCompletableFuture();
	}

	/**
	 * {@code SET}, with an expiry when one is given.
	 * @param key the key
	 * @param value the value
	 * @param timeToLive its time to live, or {@code null} for none
	 * @return completes once Redis stored it
	 */
	public CompletableFuture<Void> set(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return ((timeToLive != null)
				? this.executor.<Void, Void>writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.SET, key, value, "PX",
						timeToLive.toMillis())
				: this.executor.<Void, Void>writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.SET, key, value))
			.toCompletableFuture();
	}

	/**
	 * {@code SET} with {@code NX}: stores a value unless the key has one, with an expiry when one is given, without
	 * reading what it had.
	 * @param key the key
	 * @param value the value
	 * @param timeToLive its time to live, or {@code null} for none
	 * @return completes once Redis stored it or kept the value it had
	 */
	public CompletableFuture<Void> setIfAbsent(byte[] key, byte[] value, @Nullable Duration timeToLive) {
		return ((timeToLive != null)
				? this.executor.<Void, Void>writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.SET, key, value, "PX",
						timeToLive.toMillis(), "NX")
				: this.executor.<Void, Void>writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.SET, key, value,
						"NX"))
			.toCompletableFuture();
	}

	/**
	 * {@code SET ... NX} of several keys, written together: one pipeline per node, whatever their hash slots (a
	 * script of several keys would need them in one slot, which Azure Managed Redis asks even behind its Enterprise
	 * policy's single endpoint).
	 * @param writes the keys, their values and times to live
	 * @return per write, in their order: completes once Redis stored it or kept the value it had
	 */
	public List<CompletableFuture<Void>> setIfAbsent(List<Write> writes) {
		CommandBatchService batch = new CommandBatchService(this.executor, BatchOptions.defaults());
		List<CompletableFuture<Void>> commands = new ArrayList<>(writes.size());
		for (Write write : writes) {
			commands.add(((write.timeToLive() != null)
					? batch.<Void, Void>writeAsync(write.key(), ByteArrayCodec.INSTANCE, RedisCommands.SET, write.key(),
							write.value(), "PX", write.timeToLive().toMillis(), "NX")
					: batch.<Void, Void>writeAsync(write.key(), ByteArrayCodec.INSTANCE, RedisCommands.SET, write.key(),
							write.value(), "NX"))
				.toCompletableFuture());
		}
		CompletableFuture<?> sent = batch.executeAsync().toCompletableFuture();
		// A batch that failed as a whole (a timeout, a closed connection) may leave its commands' own futures open.
		return commands.stream()
			.map((command) -> sent.handle((result, failure) -> (failure == null || command.isDone()) ? command
					: CompletableFuture.<Void>failedFuture(failure))
				.thenCompose((outcome) -> outcome))
			.toList();
	}

	/**
	 * {@code GETEX} with {@code PX}: the value, its expiry pushed back.
	 * @param key the key
	 * @param timeToLive its new time to live
	 * @return its value, or {@code null} when absent
	 */
	public CompletableFuture<byte @Nullable []> getEx(byte[] key, Duration timeToLive) {
		return this.executor
			.<Object, byte[]>writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.GETEX, key, "PX",
					timeToLive.toMillis())
			.toCompletableFuture();
	}

	/**
	 * {@code DEL} of one key.
	 * @param key the key
	 * @return how many keys were deleted
	 */
	public CompletableFuture<Long> del(byte[] key) {
		return this.executor.<Long, Long>writeAsync(key, ByteArrayCodec.INSTANCE, RedisCommands.DEL, key)
			.toCompletableFuture();
	}

	/**
	 * A read-only script of one key whose reply is a list (Redisson loads it and runs it as {@code EVALSHA}).
	 * @param script the Lua script
	 * @param key its one key, {@code KEYS[1]}
	 * @param arguments {@code ARGV}
	 * @return the reply, values as bytes
	 */
	public CompletableFuture<List<Object>> evalReadList(String script, byte[] key, Object... arguments) {
		return this.executor
			.<List<Object>, List<Object>>evalReadAsync(new String(key, StandardCharsets.UTF_8),
					ByteArrayCodec.INSTANCE, RedisCommands.EVAL_LIST, script, Collections.singletonList(key),
					arguments)
			.toCompletableFuture();
	}

	/**
	 * A script of one key that writes, whose reply is one value.
	 * @param script the Lua script
	 * @param key its one key, {@code KEYS[1]}
	 * @param arguments {@code ARGV}
	 * @return the reply, a value as bytes or {@code null}
	 */
	public CompletableFuture<byte @Nullable []> evalWrite(String script, byte[] key, Object... arguments) {
		return this.executor
			.<Object, byte[]>evalWriteAsync(new String(key, StandardCharsets.UTF_8), ByteArrayCodec.INSTANCE,
					RedisCommands.EVAL_OBJECT, script, Collections.singletonList(key), arguments)
			.toCompletableFuture();
	}

	/**
	 * A script of keys of one hash slot that writes.
	 * @param script the Lua script
	 * @param keys its keys, {@code KEYS}, the first of which routes it
	 * @param arguments {@code ARGV}
	 * @return the reply: a bulk string as bytes, an integer as a {@code Long}, or {@code null}
	 */
	public CompletableFuture<@Nullable Object> evalWrite(String script, List<byte[]> keys, Object... arguments) {
		return this.executor
			.<Object, Object>evalWriteAsync(new String(keys.get(0), StandardCharsets.UTF_8), ByteArrayCodec.INSTANCE,
					RedisCommands.EVAL_OBJECT, script, new ArrayList<Object>(keys), arguments)
			.toCompletableFuture();
	}

	/**
	 * How long the client waits for the answer to one attempt of a command: its configured timeout, which its
	 * {@code Config} keeps per topology behind getters that are not public.
	 * @return the timeout of one attempt
	 */
	Duration timeoutPerAttempt() {
		return Duration.ofMillis(this.executor.getServiceManager().getConfig().getTimeout());
	}

	/**
	 * A write of one key.
	 *
	 * @param key the key
	 * @param value its value
	 * @param timeToLive its time to live, or {@code null} for none
	 */
	public record Write(byte[] key, byte[] value, @Nullable Duration timeToLive) {
	}

	/**
	 * A shard: a master and its replicas, serving a range of hash slots. Equal to another for the same shard.
	 */
	public static final class Shard {

		private final MasterSlaveEntry entry;

		private Shard(MasterSlaveEntry entry) {
			this.entry = entry;
		}

		/** @return the address of its master, or {@code null} while it has none */
		public @Nullable InetSocketAddress address() {
			return (this.entry.getClient() != null) ? this.entry.getClient().getAddr() : null;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Shard shard && shard.entry == this.entry;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.entry);
		}

		@Override
		public String toString() {
			return "Shard[" + address() + "]";
		}

	}

}
