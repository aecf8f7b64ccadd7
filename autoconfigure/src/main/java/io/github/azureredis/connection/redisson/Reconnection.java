package io.github.azureredis.connection.redisson;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnection;
import org.redisson.connection.ClientConnectionsEntry;
import org.redisson.connection.ConnectionManager;
import org.redisson.connection.MasterSlaveEntry;

/**
 * Closes and reopens every connection of a Redisson client, pooled and Pub/Sub, as Redisson itself does when a
 * connection must re-authenticate with a blocking command in flight ({@link RedisConnection#forceFastReconnectAsync()}):
 * the connection object stays in its pool, reconnects at once to the address of its node and resubscribes its
 * channels; commands in flight on it are retried by Redisson.
 * <p>
 * Behind the single endpoint of Azure Cache for Redis, a failover moves the primary to the other node while the
 * endpoint's address stays the same, and Redisson has no way to know: a connection the former primary did not close
 * would keep serving from it. Redisson offers no public operation to reconnect a client, hence this use of its
 * connection pools.
 *
 * @author Azure Redis Cache contributors
 */
public final class Reconnection implements Supplier<CompletionStage<Integer>> {

	private final ConnectionManager connectionManager;

	private Reconnection(ConnectionManager connectionManager) {
		this.connectionManager = connectionManager;
	}

	/**
	 * The reconnection of a client.
	 * @param client the client
	 * @return its reconnection, or {@code null} when it is not Redisson's own implementation
	 */
	public static @Nullable Reconnection of(RedissonClient client) {
		return (client instanceof Redisson redisson)
				? new Reconnection(redisson.getCommandExecutor().getConnectionManager()) : null;
	}

	/** @return completes, with the number of connections, once every open connection reconnected */
	@Override
	public CompletionStage<Integer> get() {
		List<CompletableFuture<Void>> reconnected = new ArrayList<>();
		for (MasterSlaveEntry entry : this.connectionManager.getEntrySet()) {
			for (ClientConnectionsEntry client : entry.getAllEntries()) {
				List<RedisConnection> connections = new ArrayList<>(
						client.getConnectionsHolder().getAllConnections());
				connections.addAll(client.getPubSubConnectionsHolder().getAllConnections());
				for (RedisConnection connection : connections) {
					if (!connection.isClosed()) {
						reconnected.add(connection.forceFastReconnectAsync().toCompletableFuture());
					}
				}
			}
		}
		return CompletableFuture.allOf(reconnected.toArray(new CompletableFuture<?>[0]))
			.thenApply((ignored) -> reconnected.size());
	}

}
