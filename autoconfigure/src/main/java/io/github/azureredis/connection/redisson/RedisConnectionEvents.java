package io.github.azureredis.connection.redisson;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;
import org.redisson.connection.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lost connections and re-authentications of the starter's Redisson client, for components that must know when a
 * connection to a node was lost or is about to be interrupted (the near cache drops its local copies then). Redisson
 * accepts one connection listener (its {@code ConnectionListener} is in its internal connection package), and tells
 * none of a re-authentication; this one fans out both.
 *
 * @author Azure Redis Cache contributors
 */
public final class RedisConnectionEvents implements ConnectionListener {

	private static final Logger logger = LoggerFactory.getLogger(RedisConnectionEvents.class);

	private final List<Consumer<InetSocketAddress>> disconnectListeners = new CopyOnWriteArrayList<>();

	private final List<Runnable> reauthenticationListeners = new CopyOnWriteArrayList<>();

	/**
	 * Registers a listener told of every connection that closed, with the address of its node.
	 * @param listener the listener, called on Redisson's threads
	 */
	public void addDisconnectListener(Consumer<InetSocketAddress> listener) {
		this.disconnectListeners.add(listener);
	}

	/**
	 * Registers a callback run when the open connections are about to authenticate again with renewed credentials,
	 * before any of them does. Redis refuses {@code AUTH} on a RESP2 connection in subscribed state, so Redisson
	 * unsubscribes a Pub/Sub connection, authenticates it and subscribes again: what is published in between never
	 * arrives. The callback runs on the thread that signals the renewal and must return quickly.
	 * @param listener the callback
	 */
	public void addReauthenticationListener(Runnable listener) {
		this.reauthenticationListeners.add(listener);
	}

	/**
	 * The resolver to give Redisson: the given one, whose renewal signal first tells the re-authentication listeners,
	 * then lets Redisson re-send {@code AUTH} on every open connection.
	 * @param resolver the application's resolver
	 * @return the resolver that announces renewals
	 */
	public CredentialsResolver announcingRenewals(CredentialsResolver resolver) {
		return new AnnouncingRenewals(resolver);
	}

	@Override
	public void onConnect(InetSocketAddress address) {
	}

	@Override
	public void onDisconnect(InetSocketAddress address) {
		this.disconnectListeners.forEach((listener) -> listener.accept(address));
	}

	private void reauthenticating() {
		for (Runnable listener : this.reauthenticationListeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				// Redisson would close every connection on a failed renewal signal.
				logger.warn("A re-authentication listener failed: {}", ex.toString());
			}
		}
	}

	/**
	 * Every connection waits on the renewal signal; all of them get one stage per signal, which completes after the
	 * listeners ran, so that they run once, before the first connection authenticates again.
	 */
	private final class AnnouncingRenewals implements CredentialsResolver {

		private final CredentialsResolver delegate;

		private @Nullable CompletionStage<Void> signal;

		private @Nullable CompletionStage<Void> announced;

		AnnouncingRenewals(CredentialsResolver delegate) {
			this.delegate = delegate;
		}

		@Override
		public CompletionStage<Credentials> resolve(InetSocketAddress address) {
			return this.delegate.resolve(address);
		}

		@Override
		public synchronized CompletionStage<Void> nextRenewal() {
			CompletionStage<Void> next = this.delegate.nextRenewal();
			CompletionStage<Void> current = this.announced;
			if (next != this.signal || current == null) {
				this.signal = next;
				current = next.thenRun(RedisConnectionEvents.this::reauthenticating);
				this.announced = current;
			}
			return current;
		}

		@Override
		public String toString() {
			return this.delegate.toString();
		}

	}

}
