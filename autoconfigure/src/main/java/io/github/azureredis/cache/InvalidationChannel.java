package io.github.azureredis.cache;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * How the instances of an application tell each other that an entry changed, so that none keeps serving its local
 * copy: a write returns once every instance confirmed dropping its copy. The near cache serves a copy only while the
 * channel that would tell it of a change is known to work.
 *
 * @author Azure Redis Cache contributors
 */
interface InvalidationChannel extends AutoCloseable {

	/**
	 * Tells the other instances that an entry changed.
	 * @param cacheName the cache
	 * @param key the Redis key
	 * @return completes once every instance confirmed dropping its copy, or at the invalidation timeout
	 */
	CompletableFuture<Void> keyChanged(String cacheName, String key);

	/**
	 * Tells the other instances that a cache was cleared.
	 * @param cacheName the cache
	 * @return completes once every instance confirmed dropping its copies, or at the invalidation timeout
	 */
	CompletableFuture<Void> cacheCleared(String cacheName);

	/**
	 * Whether a change of a key would reach this instance: its subscription is proven alive since it was last lost.
	 * @param key the Redis key
	 * @return {@code true} if a local copy of it may be served
	 */
	boolean isLive(String key);

	/** @return whether every subscription is live */
	boolean isLive();

	/**
	 * A connection to a node closed: the subscription on it may be gone, and changes published meanwhile lost.
	 * @param address the address of the node
	 */
	void disconnected(java.net.InetSocketAddress address);

	/**
	 * The client is about to authenticate its open connections again with renewed credentials. On a RESP2
	 * connection Redis refuses {@code AUTH} while it is subscribed, so the client unsubscribes, authenticates and
	 * subscribes again, and what is published in between never arrives: no subscription is trusted until it is
	 * proven alive again.
	 */
	void reauthenticating();

	@Override
	void close();

	/**
	 * What the channel tells the near cache.
	 */
	interface Listener {

		/**
		 * Another instance changed an entry.
		 * @param cacheName the cache
		 * @param key the Redis key
		 */
		void keyChanged(String cacheName, String key);

		/**
		 * Another instance cleared a cache.
		 * @param cacheName the cache
		 */
		void cacheCleared(String cacheName);

		/**
		 * Changes of some keys may have been missed (a subscription was lost, or not proven alive in time).
		 * @param keys the keys concerned
		 */
		void missed(Predicate<String> keys);

	}

}
