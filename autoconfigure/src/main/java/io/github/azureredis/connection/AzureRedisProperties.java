package io.github.azureredis.connection;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the starter connects to Redis, beyond Spring Boot's own {@code spring.data.redis.*} properties (host, port,
 * SSL, timeouts), which it honours and does not repeat.
 *
 * @author Azure Redis Cache contributors
 */
@ConfigurationProperties("azure.redis")
public class AzureRedisProperties {

	/**
	 * Whether to auto-configure the Redisson client, the Spring Data Redis connection factory and the caches.
	 */
	private boolean enabled = true;

	/**
	 * How to authenticate to Redis. Default: 'access-key' when a password is configured, 'entra-id' for an Azure
	 * Redis host name, 'none' otherwise.
	 */
	private @Nullable Authentication authentication;

	/**
	 * User name for Microsoft Entra ID authentication: the object id of the identity. Default: the 'oid' claim of
	 * the access token.
	 */
	private @Nullable String username;

	private final Client client = new Client();

	private final Cluster cluster = new Cluster();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Authentication getAuthentication() {
		return this.authentication;
	}

	public void setAuthentication(@Nullable Authentication authentication) {
		this.authentication = authentication;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public Client getClient() {
		return this.client;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	/**
	 * How the client authenticates.
	 */
	public enum Authentication {

		/**
		 * Microsoft Entra ID: user name = object id of the identity, password = an access token, refreshed and
		 * re-sent on every open connection before it expires.
		 */
		ENTRA_ID,

		/**
		 * The password (access key) and optional user name of {@code spring.data.redis.*}.
		 */
		ACCESS_KEY,

		/**
		 * No authentication, for local Redis servers.
		 */
		NONE

	}

	/**
	 * Redisson client settings.
	 */
	public static class Client {

		/**
		 * Connections per Redis node. Below 10, Redisson pipelines concurrent commands over each connection: across
		 * a network, concurrent cache calls do not wait for a free connection, but a read can queue behind a large
		 * reply under way. From 10 on, each command in flight has a connection to itself, opened as needed: a small
		 * read does not queue behind a large reply, but concurrent calls wait for free connections, which across a
		 * network makes them much slower.
		 */
		private int connectionPoolSize = 4;

		/**
		 * Connections per Redis node opened at start-up and kept open when idle.
		 */
		private int connectionMinimumIdleSize = 4;

		/**
		 * Connections per Redis node for Pub/Sub (near-cache invalidation and Redisson's own listeners), opened when
		 * first subscribed.
		 */
		private int subscriptionConnectionPoolSize = 4;

		/**
		 * Netty event-loop threads of the client. 0 means one per available processor, at least 2.
		 */
		private int nettyThreads;

		/**
		 * Network transport. 'auto' uses native epoll on Linux when it is available and, from Java 24 on, when native
		 * access is enabled (--enable-native-access=ALL-UNNAMED), so that no warning is printed; else NIO.
		 */
		private Transport transport = Transport.AUTO;

		/**
		 * Attempts to send a command after the first one failed to be sent or answered. A cache call stops retrying
		 * when spring.data.redis.timeout has passed; with the default retry delays, ten attempts span the default
		 * timeout (3 s), so that a call rides through a restart shorter than that.
		 */
		private int retryAttempts = 10;

		/**
		 * Delay before the first retry of a command. It doubles, with jitter, for later attempts, up to the
		 * maximum retry delay.
		 */
		private Duration retryDelay = Duration.ofMillis(200);

		/**
		 * Longest delay between two attempts to send a command. Short, so that a call whose server comes back
		 * shortly before its timeout has an attempt left in between.
		 */
		private Duration retryMaxDelay = Duration.ofMillis(500);

		/**
		 * Longest delay between two attempts to reconnect a lost connection. Attempts start at 100 ms and double,
		 * with jitter, up to this.
		 */
		private Duration reconnectionMaxDelay = Duration.ofSeconds(2);

		/**
		 * Interval of PING on every connection, so that a dead connection is detected and replaced before a cache
		 * call uses it. Zero disables it.
		 */
		private Duration pingInterval = Duration.ofSeconds(30);

		/**
		 * Time after which a connection above the minimum idle size is closed when unused.
		 */
		private Duration idleConnectionTimeout = Duration.ofSeconds(10);

		/**
		 * Whether to connect on first use instead of at start-up. Eager connection fails start-up with a clear
		 * message when the host, TLS or credentials are wrong; lazy connection lets the application start while
		 * Redis is unreachable.
		 */
		private boolean lazyInitialization;

		/**
		 * Whether cache calls fail at once while Redis answers nothing at all (a call ran out of its time with
		 * nothing received from Redis since it started, on any connection) instead of each waiting
		 * spring.data.redis.timeout; a PING a second finds out when Redis answers again. With
		 * azure.redis.cache.fail-open, the methods then run at once.
		 */
		private boolean failFastWhileSilent = true;

		public int getConnectionPoolSize() {
			return this.connectionPoolSize;
		}

		public void setConnectionPoolSize(int connectionPoolSize) {
			this.connectionPoolSize = connectionPoolSize;
		}

		public int getConnectionMinimumIdleSize() {
			return this.connectionMinimumIdleSize;
		}

		public void setConnectionMinimumIdleSize(int connectionMinimumIdleSize) {
			this.connectionMinimumIdleSize = connectionMinimumIdleSize;
		}

		public int getSubscriptionConnectionPoolSize() {
			return this.subscriptionConnectionPoolSize;
		}

		public void setSubscriptionConnectionPoolSize(int subscriptionConnectionPoolSize) {
			this.subscriptionConnectionPoolSize = subscriptionConnectionPoolSize;
		}

		public int getNettyThreads() {
			return this.nettyThreads;
		}

		public void setNettyThreads(int nettyThreads) {
			this.nettyThreads = nettyThreads;
		}

		public Transport getTransport() {
			return this.transport;
		}

		public void setTransport(Transport transport) {
			this.transport = transport;
		}

		public int getRetryAttempts() {
			return this.retryAttempts;
		}

		public void setRetryAttempts(int retryAttempts) {
			this.retryAttempts = retryAttempts;
		}

		public Duration getRetryDelay() {
			return this.retryDelay;
		}

		public void setRetryDelay(Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

		public Duration getRetryMaxDelay() {
			return this.retryMaxDelay;
		}

		public void setRetryMaxDelay(Duration retryMaxDelay) {
			this.retryMaxDelay = retryMaxDelay;
		}

		public Duration getReconnectionMaxDelay() {
			return this.reconnectionMaxDelay;
		}

		public void setReconnectionMaxDelay(Duration reconnectionMaxDelay) {
			this.reconnectionMaxDelay = reconnectionMaxDelay;
		}

		public Duration getPingInterval() {
			return this.pingInterval;
		}

		public void setPingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
		}

		public Duration getIdleConnectionTimeout() {
			return this.idleConnectionTimeout;
		}

		public void setIdleConnectionTimeout(Duration idleConnectionTimeout) {
			this.idleConnectionTimeout = idleConnectionTimeout;
		}

		public boolean isLazyInitialization() {
			return this.lazyInitialization;
		}

		public void setLazyInitialization(boolean lazyInitialization) {
			this.lazyInitialization = lazyInitialization;
		}

		public boolean isFailFastWhileSilent() {
			return this.failFastWhileSilent;
		}

		public void setFailFastWhileSilent(boolean failFastWhileSilent) {
			this.failFastWhileSilent = failFastWhileSilent;
		}

	}

	/**
	 * Network transports.
	 */
	public enum Transport {

		/**
		 * Native epoll where available and, from Java 24 on, where native access is enabled; else NIO.
		 */
		AUTO,

		/**
		 * Java NIO.
		 */
		NIO,

		/**
		 * Native epoll (Linux).
		 */
		EPOLL

	}

	/**
	 * Redis Cluster settings.
	 */
	public static class Cluster {

		/**
		 * Whether the server speaks the Redis Cluster protocol, as Azure Managed Redis with the OSS clustering
		 * policy and clustered Premium caches do. Default: true when 'spring.data.redis.cluster.nodes' is set.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Where reads are served from.
		 */
		private ReadFrom readFrom = ReadFrom.MASTER;

		/**
		 * Interval at which the cluster topology (shards, their ports, failovers) is re-read.
		 */
		private Duration scanInterval = Duration.ofSeconds(5);

		/**
		 * Whether start-up and topology refresh require every hash slot to be served.
		 */
		private boolean checkSlotsCoverage = true;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public ReadFrom getReadFrom() {
			return this.readFrom;
		}

		public void setReadFrom(ReadFrom readFrom) {
			this.readFrom = readFrom;
		}

		public Duration getScanInterval() {
			return this.scanInterval;
		}

		public void setScanInterval(Duration scanInterval) {
			this.scanInterval = scanInterval;
		}

		public boolean isCheckSlotsCoverage() {
			return this.checkSlotsCoverage;
		}

		public void setCheckSlotsCoverage(boolean checkSlotsCoverage) {
			this.checkSlotsCoverage = checkSlotsCoverage;
		}

	}

	/**
	 * Nodes that serve reads in a cluster.
	 */
	public enum ReadFrom {

		/**
		 * Masters only: every read sees the latest write.
		 */
		MASTER,

		/**
		 * Replicas only; reads may miss writes not yet replicated.
		 */
		REPLICA,

		/**
		 * Masters and replicas.
		 */
		MASTER_AND_REPLICA

	}

}
