package io.github.azureredis.cache;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.connection.redisson.NodeCommands.Shard;
import io.github.azureredis.values.WarningInterval;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.BaseStatusListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invalidation channel of the near cache on Redis Pub/Sub, one channel per node, so that a node that stops
 * answering delays only the writes of its own keys.
 * <ul>
 * <li>A write publishes on the channel of its key's node (a name whose hash slot that node serves, e.g.
 * {@code azure-redis-cache:near-cache:invalidations{3}}), and waits until every instance subscribed there (Redis says
 * how many) acknowledged, on the writer's own acknowledgement channel on the same node, or until the invalidation
 * timeout. A clear publishes on every node's channel.</li>
 * <li>Every instance subscribes to every node's channel, and trusts one only once an echo probe came back on it, at
 * start and every probe interval; a lost connection to a node, an unsubscription (Redisson unsubscribes a RESP2
 * connection to re-authenticate it with a new token, and subscribes again), a resubscription or an unanswered probe
 * withdraws that trust until the next probe comes back, and the near cache drops the copies of that node's keys.</li>
 * <li>With a single node (a standalone server, or a client that is not Redisson's) there is one channel, named as
 * configured.</li>
 * </ul>
 *
 * @author Azure Redis Cache contributors
 */
final class PubSubInvalidationChannel implements InvalidationChannel {

	private static final Logger logger = LoggerFactory.getLogger(PubSubInvalidationChannel.class);

	private static final char SEPARATOR = '\u0000';

	private static final char KEY = 'K';

	private static final char CLEAR = 'C';

	private static final char PROBE = 'P';

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

	private static final Object SINGLE_NODE = new Object();

	private final String instanceId = UUID.randomUUID().toString();

	private final RedissonClient redisson;

	private final @Nullable NodeCommands shards;

	private final String baseName;

	private final Duration invalidationTimeout;

	private final Listener listener;

	private final ScheduledExecutorService scheduler;

	private final Map<Object, NodeChannel> nodes = new ConcurrentHashMap<>();

	private final Map<String, RTopic> writersAcknowledgements = new ConcurrentHashMap<>();

	private final Map<Long, Acknowledgements> pending = new ConcurrentHashMap<>();

	private final AtomicLong messageIds = new AtomicLong();

	private final WarningInterval timeoutWarnings = new WarningInterval(Duration.ofMinutes(1));

	private volatile boolean closed;

	PubSubInvalidationChannel(RedissonClient redisson, AzureRedisCacheProperties.NearCache settings,
			Listener listener, ScheduledExecutorService scheduler) {
		this.redisson = redisson;
		this.shards = NodeCommands.of(redisson);
		this.baseName = settings.getChannel();
		this.invalidationTimeout = settings.getInvalidationTimeout();
		this.listener = listener;
		this.scheduler = scheduler;
		refreshNodes();
		this.scheduler.scheduleWithFixedDelay(this::probeAll, 0, settings.getProbeInterval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public CompletableFuture<Void> keyChanged(String cacheName, String key) {
		NodeChannel node = this.nodes.get(nodeOf(key));
		if (node == null) {
			// No node serves the key's slot: its write failed, and nobody can have read it since.
			return CompletableFuture.completedFuture(null);
		}
		return publish(node, KEY, cacheName, key);
	}

	@Override
	public CompletableFuture<Void> cacheCleared(String cacheName) {
		List<CompletableFuture<Void>> published = new ArrayList<>();
		this.nodes.values().forEach((node) -> published.add(publish(node, CLEAR, cacheName, "")));
		return CompletableFuture.allOf(published.toArray(new CompletableFuture[0]));
	}

	@Override
	public boolean isLive(String key) {
		NodeChannel node = this.nodes.get(nodeOf(key));
		return node != null && node.live;
	}

	@Override
	public boolean isLive() {
		return !this.nodes.isEmpty() && this.nodes.values().stream().allMatch((node) -> node.live);
	}

	/** The node whose slot holds a key: the shard (a master and its replicas) serving it. */
	private Object nodeOf(String key) {
		NodeCommands shards = this.shards;
		if (shards == null || this.nodes.containsKey(SINGLE_NODE)) {
			return SINGLE_NODE;
		}
		Shard shard = shards.shard(shards.slot(key));
		return (shard != null) ? shard : SINGLE_NODE;
	}

	/** Subscribes to the channels of nodes that joined, and forgets those of nodes that left. */
	private void refreshNodes() {
		NodeCommands shards = this.shards;
		List<Shard> current = (shards != null) ? shards.shards() : List.of();
		if (current.size() <= 1) {
			this.nodes.computeIfAbsent(SINGLE_NODE, (node) -> new NodeChannel(node, ""));
			return;
		}
		for (Shard shard : current) {
			// Two shards or more: a cluster.
			this.nodes.computeIfAbsent(shard,
					(node) -> new NodeChannel(node, hashTag(Objects.requireNonNull(shards), shard)));
		}
		for (NodeChannel node : List.copyOf(this.nodes.values())) {
			if (!current.contains(node.id)) {
				this.nodes.remove(node.id);
				node.close();
				this.listener.missed((key) -> true);
			}
		}
	}

	/**
	 * The smallest hash tag whose slot the node serves: the same on every instance that sees the same topology, so
	 * that all of them name the node's channel alike.
	 */
	private static String hashTag(NodeCommands shards, Shard shard) {
		for (int i = 0; i < 1_000_000; i++) {
			String tag = "{" + i + "}";
			if (shard.equals(shards.shard(shards.slot(tag)))) {
				return tag;
			}
		}
		throw new IllegalStateException("No hash tag maps to " + shard);
	}

	private CompletableFuture<Void> publish(NodeChannel node, char type, String cacheName, String key) {
		long id = this.messageIds.incrementAndGet();
		Acknowledgements acknowledgements = new Acknowledgements();
		this.pending.put(id, acknowledgements);
		node.topic.publishAsync(message(type, id, cacheName, key)).whenComplete((receivers, failure) -> {
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

	private void onMessage(NodeChannel node, String message) {
		String[] parts = message.split(String.valueOf(SEPARATOR), 5);
		if (parts.length != 5 || parts[0].length() != 1) {
			return;
		}
		char type = parts[0].charAt(0);
		String sender = parts[1];
		boolean mine = this.instanceId.equals(sender);
		if (type == PROBE) {
			if (mine) {
				node.probeEchoed(parts[4]);
			}
			return;
		}
		if (!mine) {
			if (type == KEY) {
				this.listener.keyChanged(parts[3], parts[4]);
			}
			else if (type == CLEAR) {
				this.listener.cacheCleared(parts[3]);
			}
		}
		long id = Long.parseLong(parts[2]);
		if (mine) {
			acknowledged(id);
		}
		else {
			this.writersAcknowledgements
				.computeIfAbsent(sender + node.hashTag,
						(writer) -> this.redisson.getTopic(acknowledgementChannel(sender, node.hashTag),
								StringCodec.INSTANCE))
				.publishAsync(Long.toString(id));
		}
	}

	private String acknowledgementChannel(String instance, String hashTag) {
		return this.baseName + ":ack:" + instance + hashTag;
	}

	private void acknowledged(long id) {
		Acknowledgements acknowledgements = this.pending.get(id);
		if (acknowledgements != null) {
			acknowledgements.receive();
		}
	}

	private void probeAll() {
		try {
			refreshNodes();
		}
		catch (RuntimeException ex) {
			logger.debug("Near cache could not read the cluster's nodes: {}", ex.toString());
		}
		this.nodes.values().forEach(NodeChannel::probe);
	}

	@Override
	public void disconnected(InetSocketAddress address) {
		if (this.closed) {
			// Closed with the application, whose client is now closing its connections: nothing to protect.
			return;
		}
		// Which connection to the node it was is unknown: its subscription may be gone, so trust none of the node's
		// keys until a probe returns.
		NodeCommands shards = this.shards;
		Shard shard = (shards != null && !this.nodes.containsKey(SINGLE_NODE)) ? shards.shardAt(address) : null;
		NodeChannel node = (shard != null) ? this.nodes.get(shard) : null;
		List<NodeChannel> lost = (node != null) ? List.of(node) : List.copyOf(this.nodes.values());
		for (NodeChannel each : lost) {
			each.lost("connection to " + address + " lost");
			try {
				this.scheduler.execute(each::probe);
			}
			catch (RejectedExecutionException ex) {
				// Closed meanwhile.
			}
		}
	}

	/**
	 * Withdraws the trust in every subscription before Redisson unsubscribes their RESP2 connections to authenticate
	 * them (and before an invalidation published meanwhile could be missed); the resubscription that follows
	 * probes them again. Over RESP3 Redisson authenticates without unsubscribing, and nothing is withdrawn.
	 */
	@Override
	public void reauthenticating() {
		if (this.closed || this.redisson.getConfig().getProtocol() != Protocol.RESP2) {
			return;
		}
		this.nodes.values().forEach((node) -> node.lost("connections re-authenticating with a renewed token"));
	}

	@Override
	public void close() {
		this.closed = true;
		this.nodes.values().forEach(NodeChannel::close);
	}

	/** The channel of one node: its subscription, its trust, its probe. */
	private final class NodeChannel {

		private final Object id;

		private final String hashTag;

		private final RTopic topic;

		private final RTopic acknowledgements;

		private final int messageListener;

		private final int statusListener;

		private final int acknowledgementListener;

		private volatile boolean live;

		private volatile @Nullable String pendingProbe;

		NodeChannel(Object id, String hashTag) {
			this.id = id;
			this.hashTag = hashTag;
			RedissonClient redisson = PubSubInvalidationChannel.this.redisson;
			this.acknowledgements = redisson.getTopic(acknowledgementChannel(PubSubInvalidationChannel.this.instanceId,
					hashTag), StringCodec.INSTANCE);
			this.acknowledgementListener = this.acknowledgements.addListener(String.class,
					(channel, message) -> acknowledged(Long.parseLong(message)));
			this.topic = redisson.getTopic(PubSubInvalidationChannel.this.baseName + hashTag, StringCodec.INSTANCE);
			this.messageListener = this.topic.addListener(String.class, (channel, message) -> onMessage(this, message));
			this.statusListener = this.topic.addListener(new BaseStatusListener() {
				@Override
				public void onSubscribe(String channel) {
					// A (re)subscription: whatever was published meanwhile is unknown.
					lost("subscribed to " + channel);
					probe();
				}

				@Override
				public void onUnsubscribe(String channel) {
					// Not this channel's doing (it unsubscribes only when closed): Redisson re-authenticating a RESP2
					// connection, on which Redis refuses AUTH while subscribed, unsubscribes, authenticates and
					// subscribes again; what is published in between never arrives.
					if (!PubSubInvalidationChannel.this.closed) {
						lost("unsubscribed from " + channel);
					}
				}
			});
		}

		/** The keys this node serves, whose changes come through this channel. */
		boolean serves(String key) {
			return nodeOf(key).equals(this.id);
		}

		void probe() {
			String nonce = UUID.randomUUID().toString();
			synchronized (this) {
				this.pendingProbe = nonce;
			}
			try {
				this.topic.publishAsync(message(PROBE, 0, "", nonce));
				PubSubInvalidationChannel.this.scheduler.schedule(() -> {
					if (nonce.equals(this.pendingProbe)) {
						// No echo: the subscription may be broken, and invalidations lost with it.
						lost("invalidation probe not echoed within " + PROBE_TIMEOUT);
					}
				}, PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (RuntimeException ex) {
				logger.debug("Near cache probe could not be published: {}", ex.toString());
			}
		}

		synchronized void probeEchoed(String nonce) {
			if (nonce.equals(this.pendingProbe)) {
				this.pendingProbe = null;
				if (!this.live) {
					this.live = true;
					logger.debug("Near cache invalidation channel {} is live: serving local copies of its keys",
							this.topic.getChannelNames());
				}
			}
		}

		void lost(String reason) {
			boolean wasLive;
			synchronized (this) {
				wasLive = this.live;
				this.live = false;
				// A probe sent before this point proves nothing about the subscription after it.
				this.pendingProbe = null;
			}
			PubSubInvalidationChannel.this.listener.missed(this::serves);
			if (wasLive) {
				logger.debug("Near cache dropped the local copies of {}'s keys: {}", this.topic.getChannelNames(),
						reason);
			}
		}

		void close() {
			this.live = false;
			try {
				this.topic.removeListener(this.messageListener, this.statusListener);
				this.acknowledgements.removeListener(this.acknowledgementListener);
			}
			catch (RuntimeException ex) {
				// The client may already be shut down.
			}
		}

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
