package io.github.azureredis.connection;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.github.azureredis.connection.AzureRedisProperties.Client;
import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.TlsHandshakeTimeout;
import org.redisson.config.BaseConfig;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.ReadMode;
import org.redisson.config.ReplicatedServersConfig;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.SubscriptionMode;
import org.redisson.config.TransportMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.ClassUtils;

import static io.github.azureredis.checks.PropertyChecks.require;

/**
 * Builds the Redisson {@link Config} for an endpoint.
 *
 * @author Azure Redis Cache contributors
 */
final class RedissonConfigFactory {

	private static final Duration RECONNECTION_FIRST_DELAY = Duration.ofMillis(100);

	private static final String EPOLL = "io.netty.channel.epoll.Epoll";

	/**
	 * No Pub/Sub connection is opened at start-up: the features that subscribe open one when they first do, and an
	 * application without them does not wait for a connection it never uses.
	 */
	static final int SUBSCRIPTION_MINIMUM_IDLE = 0;

	/** The first Java version that warns when a native library is loaded without native access (JEP 472). */
	private static final int RESTRICTED_NATIVE_ACCESS_JAVA_VERSION = 24;

	private static final Logger logger = LoggerFactory.getLogger(RedissonConfigFactory.class);

	private RedissonConfigFactory() {
	}

	/**
	 * Builds the client configuration, checking every setting before it asks for credentials: a mistyped setting is
	 * reported as such, not hidden behind a token request.
	 */
	static Config create(RedisEndpoint endpoint, DataRedisProperties redis, AzureRedisProperties properties,
			Supplier<RedisCredentials> credentialsSupplier) {
		Client client = properties.getClient();
		validate(client);
		ServerSettingsCheck.requireDatabaseZeroInACluster(endpoint.topology(), redis.getDatabase());
		Config config = new Config();
		config.setNettyThreads(nettyThreads(client));
		config.setTransportMode(transport(client.getTransport()));
		config.setLazyInitialization(client.isLazyInitialization());
		CommandTimeout timeout = CommandTimeout.of(redis);
		Duration connectTimeout = timeout.connectTimeout(redis.getConnectTimeout());
		if (endpoint.sslBundle() != null) {
			applySsl(config, endpoint.sslBundle());
			config.setNettyHook(new TlsHandshakeTimeout(config.getNettyHook(), connectTimeout));
		}
		BaseConfig<?> servers = switch (endpoint.topology()) {
			case STANDALONE -> standalone(config, endpoint, client);
			case CLUSTER -> cluster(config, endpoint, client, properties.getCluster());
			case SENTINEL -> sentinel(config, endpoint, client);
			case MASTER_REPLICA -> masterReplica(config, endpoint, client);
		};
		servers.setTimeout((int) timeout.perAttempt().toMillis())
			.setConnectTimeout((int) connectTimeout.toMillis())
			.setRetryAttempts(client.getRetryAttempts())
			.setRetryDelay(new EqualJitterDelay(client.getRetryDelay(), client.getRetryMaxDelay()))
			.setReconnectionDelay(new EqualJitterDelay(RECONNECTION_FIRST_DELAY, client.getReconnectionMaxDelay()))
			.setPingConnectionInterval((int) client.getPingInterval().toMillis())
			.setIdleConnectionTimeout((int) client.getIdleConnectionTimeout().toMillis());
		if (redis.getClientName() != null) {
			servers.setClientName(redis.getClientName());
		}
		RedisCredentials credentials = credentialsSupplier.get();
		if (credentials.resolver() != null) {
			config.setCredentialsResolver(credentials.resolver());
		}
		else {
			config.setUsername(credentials.username());
			config.setPassword(credentials.password());
		}
		return config;
	}

	private static void validate(Client client) {
		require(client.getConnectionPoolSize() >= 1, "azure.redis.client.connection-pool-size", null,
				"must be at least 1, was " + client.getConnectionPoolSize());
		require(client.getConnectionMinimumIdleSize() >= 0
				&& client.getConnectionMinimumIdleSize() <= client.getConnectionPoolSize(),
				"azure.redis.client.connection-minimum-idle-size", null, "must be between 0 and the connection pool "
						+ "size (" + client.getConnectionPoolSize() + "), was " + client.getConnectionMinimumIdleSize());
		require(client.getSubscriptionConnectionPoolSize() >= 1, "azure.redis.client.subscription-connection-pool-size",
				null, "must be at least 1, was " + client.getSubscriptionConnectionPoolSize());
		require(client.getNettyThreads() >= 0, "azure.redis.client.netty-threads", null,
				"must be 0 (automatic) or more, was " + client.getNettyThreads());
		require(client.getRetryAttempts() >= 0, "azure.redis.client.retry-attempts", null,
				"must be 0 or more, was " + client.getRetryAttempts());
		require(!client.getRetryDelay().isNegative() && client.getRetryDelay().compareTo(client.getRetryMaxDelay()) <= 0,
				"azure.redis.client.retry-delay", null, "must be between 0 and azure.redis.client.retry-max-delay");
		require(client.getReconnectionMaxDelay().compareTo(RECONNECTION_FIRST_DELAY) >= 0,
				"azure.redis.client.reconnection-max-delay", null, "must be at least " + RECONNECTION_FIRST_DELAY);
		require(!client.getPingInterval().isNegative(), "azure.redis.client.ping-interval", null, "must not be negative");
		require(!client.getIdleConnectionTimeout().isNegative(), "azure.redis.client.idle-connection-timeout", null,
				"must not be negative");
	}

	private static int nettyThreads(Client client) {
		return (client.getNettyThreads() > 0) ? client.getNettyThreads()
				: Math.max(2, Runtime.getRuntime().availableProcessors());
	}

	private static TransportMode transport(AzureRedisProperties.Transport transport) {
		TransportMode mode = switch (transport) {
			case NIO -> TransportMode.NIO;
			case EPOLL -> TransportMode.EPOLL;
			case AUTO -> automaticTransport(Runtime.version().feature(), RedissonConfigFactory::nativeAccessEnabled,
					RedissonConfigFactory::epollAvailable);
		};
		logger.debug("Redis transport: {} (azure.redis.client.transport={})", mode, transport);
		return mode;
	}

	/**
	 * Epoll where it loads without a warning, else NIO. From Java 24 on, loading a native library from code that was
	 * not granted native access ({@code --enable-native-access=ALL-UNNAMED}) prints a warning on every start (JEP
	 * 472); epoll's gain (README, "Java 24 and newer") is not worth that, so then NIO is used, and epoll is not even
	 * probed, since probing loads the library.
	 */
	static TransportMode automaticTransport(int javaVersion, BooleanSupplier nativeAccessEnabled,
			BooleanSupplier epollAvailable) {
		if (javaVersion >= RESTRICTED_NATIVE_ACCESS_JAVA_VERSION && !nativeAccessEnabled.getAsBoolean()) {
			return TransportMode.NIO;
		}
		return epollAvailable.getAsBoolean() ? TransportMode.EPOLL : TransportMode.NIO;
	}

	/**
	 * Whether native access is enabled for the module of Netty's epoll classes (Java 22+ API, called reflectively:
	 * the baseline is Java 17). The class is looked up without being initialized, which would load the library.
	 */
	private static boolean nativeAccessEnabled() {
		try {
			Class<?> epoll = Class.forName(EPOLL, false, RedissonConfigFactory.class.getClassLoader());
			Method isNativeAccessEnabled = Module.class.getMethod("isNativeAccessEnabled");
			return Boolean.TRUE.equals(isNativeAccessEnabled.invoke(epoll.getModule()));
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return false;
		}
	}

	private static boolean epollAvailable() {
		ClassLoader classLoader = RedissonConfigFactory.class.getClassLoader();
		if (!ClassUtils.isPresent(EPOLL, classLoader)) {
			return false;
		}
		try {
			return io.netty.channel.epoll.Epoll.isAvailable();
		}
		catch (LinkageError ex) {
			return false;
		}
	}

	/**
	 * TLS with the bundle's trust (and client key) material. Host name verification stays strict: a certificate
	 * that does not name the host is refused.
	 */
	private static void applySsl(Config config, SslBundle bundle) {
		config.setSslVerificationMode(SslVerificationMode.STRICT);
		config.setSslTrustManagerFactory(bundle.getManagers().getTrustManagerFactory());
		if (bundle.getStores().getKeyStore() != null) {
			config.setSslKeyManagerFactory(bundle.getManagers().getKeyManagerFactory());
		}
		SslOptions options = bundle.getOptions();
		if (options.getEnabledProtocols() != null) {
			config.setSslProtocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			config.setSslCiphers(options.getCiphers());
		}
	}

	private static SingleServerConfig standalone(Config config, RedisEndpoint endpoint, Client client) {
		return config.useSingleServer()
			.setAddress(address(endpoint, endpoint.nodes().get(0)))
			.setDatabase(endpoint.database())
			.setConnectionPoolSize(client.getConnectionPoolSize())
			.setConnectionMinimumIdleSize(client.getConnectionMinimumIdleSize())
			.setSubscriptionConnectionPoolSize(client.getSubscriptionConnectionPoolSize())
			.setSubscriptionConnectionMinimumIdleSize(SUBSCRIPTION_MINIMUM_IDLE);
	}

	private static ClusterServersConfig cluster(Config config, RedisEndpoint endpoint, Client client,
			AzureRedisProperties.Cluster cluster) {
		require(!cluster.getScanInterval().isNegative() && !cluster.getScanInterval().isZero(),
				"azure.redis.cluster.scan-interval", null, "must be positive");
		ClusterServersConfig servers = config.useClusterServers()
			.setScanInterval((int) cluster.getScanInterval().toMillis())
			.setCheckSlotsCoverage(cluster.isCheckSlotsCoverage());
		servers.setNodeAddresses(addresses(endpoint));
		return pools(servers, client, cluster.getReadFrom());
	}

	private static SentinelServersConfig sentinel(Config config, RedisEndpoint endpoint, Client client) {
		SentinelServersConfig servers = config.useSentinelServers()
			.setMasterName(endpoint.sentinelMaster())
			.setDatabase(endpoint.database())
			.setSentinelUsername(endpoint.sentinelUsername())
			.setSentinelPassword(endpoint.sentinelPassword());
		servers.setSentinelAddresses(addresses(endpoint));
		return pools(servers, client, AzureRedisProperties.ReadFrom.MASTER);
	}

	private static ReplicatedServersConfig masterReplica(Config config, RedisEndpoint endpoint, Client client) {
		ReplicatedServersConfig servers = config.useReplicatedServers();
		servers.setNodeAddresses(addresses(endpoint));
		return pools(servers, client, AzureRedisProperties.ReadFrom.MASTER);
	}

	private static <T extends BaseMasterSlaveServersConfig<T>> T pools(T servers, Client client,
			AzureRedisProperties.ReadFrom readFrom) {
		return servers.setReadMode(readMode(readFrom))
			.setSubscriptionMode(SubscriptionMode.MASTER)
			.setMasterConnectionPoolSize(client.getConnectionPoolSize())
			.setMasterConnectionMinimumIdleSize(client.getConnectionMinimumIdleSize())
			.setSlaveConnectionPoolSize(client.getConnectionPoolSize())
			.setSlaveConnectionMinimumIdleSize(client.getConnectionMinimumIdleSize())
			.setSubscriptionConnectionPoolSize(client.getSubscriptionConnectionPoolSize())
			.setSubscriptionConnectionMinimumIdleSize(SUBSCRIPTION_MINIMUM_IDLE);
	}

	private static ReadMode readMode(AzureRedisProperties.ReadFrom readFrom) {
		return switch (readFrom) {
			case MASTER -> ReadMode.MASTER;
			case REPLICA -> ReadMode.SLAVE;
			case MASTER_AND_REPLICA -> ReadMode.MASTER_SLAVE;
		};
	}

	private static List<String> addresses(RedisEndpoint endpoint) {
		return endpoint.nodes().stream().map((node) -> address(endpoint, node)).toList();
	}

	static String address(RedisEndpoint endpoint, Node node) {
		String host = node.host().contains(":") ? "[" + node.host() + "]" : node.host();
		return (endpoint.tls() ? "rediss://" : "redis://") + host + ":" + node.port();
	}

}
