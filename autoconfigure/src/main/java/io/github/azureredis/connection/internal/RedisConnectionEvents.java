package io.github.azureredis.connection.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.redisson.connection.ConnectionListener;

/**
 * Connects and disconnects of the starter's Redisson client, for components that must know when a connection to a
 * node was lost (the near cache drops its local copies then). Redisson accepts one listener; this one fans out.
 *
 * @author Azure Redis Cache contributors
 */
public final class RedisConnectionEvents implements ConnectionListener {

	private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Registers a listener.
	 * @param listener the listener
	 */
	public void addListener(ConnectionListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public void removeListener(ConnectionListener listener) {
		this.listeners.remove(listener);
	}

	@Override
	public void onConnect(InetSocketAddress address) {
		this.listeners.forEach((listener) -> listener.onConnect(address));
	}

	@Override
	public void onDisconnect(InetSocketAddress address) {
		this.listeners.forEach((listener) -> listener.onDisconnect(address));
	}

}
