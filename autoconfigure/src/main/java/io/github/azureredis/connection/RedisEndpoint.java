package io.github.azureredis.connection;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.env.Environment;

/**
 * Where and how to connect: Spring Boot's connection details with the defaults of Azure hosts applied (TLS, and
 * port 6380 or 10000 when no port was set).
 *
 * @param topology how the nodes are organised
 * @param nodes the nodes to connect to (for a sentinel topology: the sentinels)
 * @param database the database index (standalone and sentinel)
 * @param sslBundle trust material when TLS is used, else {@code null}
 * @param username the user name of the connection details, if any
 * @param password the password of the connection details, if any
 * @param sentinelMaster the master name (sentinel topology)
 * @param sentinelUsername the user name for the sentinels
 * @param sentinelPassword the password for the sentinels
 * @author Azure Redis Cache contributors
 */
record RedisEndpoint(Topology topology, List<Node> nodes, int database, @Nullable SslBundle sslBundle,
		@Nullable String username, @Nullable String password, @Nullable String sentinelMaster,
		@Nullable String sentinelUsername, @Nullable String sentinelPassword) {

	private static final int REDIS_DEFAULT_PORT = 6379;

	enum Topology {

		STANDALONE, CLUSTER, SENTINEL, MASTER_REPLICA

	}

	boolean tls() {
		return this.sslBundle != null;
	}

	@Override
	public String toString() {
		// Never the passwords.
		return "RedisEndpoint[" + this.topology + " " + this.nodes + ", database=" + this.database + ", tls=" + tls()
				+ ", username=" + this.username + ", password=" + ((this.password != null) ? "******" : "none") + "]";
	}

	/** @return the first node's host, for messages and TLS host name verification */
	String primaryHost() {
		return this.nodes.get(0).host();
	}

	/**
	 * Resolves the endpoint, in Spring Boot's order of precedence: sentinel, cluster, master/replica, standalone.
	 * @param details Spring Boot's connection details
	 * @param properties the starter's properties
	 * @param environment the environment, to tell a port or SSL setting the user made from a default
	 * @return the endpoint
	 */
	static RedisEndpoint of(DataRedisConnectionDetails details, AzureRedisProperties properties,
			Environment environment) {
		DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
		if (sentinel != null) {
			List<Node> nodes = requireNodes(sentinel.getNodes(), "spring.data.redis.sentinel.nodes");
			return new RedisEndpoint(Topology.SENTINEL, nodes, sentinel.getDatabase(),
					sslBundle(details, nodes.get(0).host(), environment), nonBlank(details.getUsername()),
					details.getPassword(), sentinel.getMaster(), nonBlank(sentinel.getUsername()),
					sentinel.getPassword());
		}
		DataRedisConnectionDetails.Cluster cluster = details.getCluster();
		if (cluster != null) {
			List<Node> nodes = withAzureDefaultPorts(requireNodes(cluster.getNodes(), "spring.data.redis.cluster.nodes"),
					environment);
			return new RedisEndpoint(Topology.CLUSTER, nodes, 0, sslBundle(details, nodes.get(0).host(), environment),
					nonBlank(details.getUsername()), details.getPassword(), null, null, null);
		}
		DataRedisConnectionDetails.MasterReplica masterReplica = details.getMasterReplica();
		if (masterReplica != null) {
			List<Node> nodes = requireNodes(masterReplica.getNodes(), "spring.data.redis.masterreplica.nodes");
			return new RedisEndpoint(Topology.MASTER_REPLICA, nodes, 0,
					sslBundle(details, nodes.get(0).host(), environment), nonBlank(details.getUsername()),
					details.getPassword(), null, null, null);
		}
		DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
		if (standalone == null) {
			throw new InvalidConfigurationPropertyValueException("spring.data.redis.host", null,
					"The Redis connection details name no standalone, cluster or sentinel server.");
		}
		Node node = new Node(standalone.getHost(), standalone.getPort());
		if (environment.containsProperty("spring.data.redis.url")) {
			// A URL without a port gives -1: the service's default port applies, as for a host without one.
			boolean portGiven = node.port() != -1;
			node = portGiven ? node : new Node(node.host(), 0);
			validate(node, "spring.data.redis.url", "spring.data.redis.url");
			node = withAzureDefaultPort(node, portGiven);
		}
		else {
			validate(node, "spring.data.redis.host", "spring.data.redis.port");
			node = withAzureDefaultPort(node, portGiven(node, environment));
		}
		// A single Azure Managed Redis endpoint with the OSS clustering policy is a cluster seed.
		boolean clusterSeed = Boolean.TRUE.equals(properties.getCluster().getEnabled());
		return new RedisEndpoint(clusterSeed ? Topology.CLUSTER : Topology.STANDALONE, List.of(node),
				clusterSeed ? 0 : standalone.getDatabase(), sslBundle(details, node.host(), environment),
				nonBlank(details.getUsername()), details.getPassword(), null, null, null);
	}

	/** {@code redis://:key@host} gives an empty user name, which means none: Redis would refuse AUTH "" key. */
	private static @Nullable String nonBlank(@Nullable String value) {
		return (value != null && !value.isBlank()) ? value : null;
	}

	private static List<Node> requireNodes(List<Node> nodes, String property) {
		if (nodes.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(property, null, "At least one node is required.");
		}
		nodes.forEach((node) -> validate(node, property, property));
		return nodes;
	}

	private static void validate(Node node, String hostProperty, String portProperty) {
		String host = node.host();
		if (host == null || host.isBlank()) {
			throw invalid(hostProperty, host, "The Redis host name is empty.");
		}
		if (host.contains("://") || host.indexOf('@') >= 0) {
			// A URL given as the host may carry a password: the report must not echo it.
			throw new SecretBearingPropertyException(hostProperty, "It is a URL, not a host name. Give the bare "
					+ "name, e.g. 'mycache.redis.cache.windows.net', or set the URL as spring.data.redis.url.");
		}
		if (host.chars().anyMatch((c) -> Character.isWhitespace(c) || c == '/')) {
			throw invalid(hostProperty, host, "It is not a host name. Give the bare name, e.g. "
					+ "'mycache.redis.cache.windows.net', and the port separately.");
		}
		if (node.port() > 65535 || node.port() < 0) {
			throw invalid(portProperty, node.port(),
					"Port " + node.port() + " of '" + host + "' is out of range: use 1 to 65535.");
		}
	}

	/**
	 * Spring Boot's report of an invalid property prints its value from every property source that sets it; a
	 * Redis URL may hold a password, so for the URL only the property is named.
	 */
	private static RuntimeException invalid(String property, @Nullable Object value, String reason) {
		return "spring.data.redis.url".equals(property) ? new SecretBearingPropertyException(property, reason)
				: new InvalidConfigurationPropertyValueException(property, value, reason);
	}

	private static List<Node> withAzureDefaultPorts(List<Node> nodes, Environment environment) {
		return nodes.stream().map((node) -> withAzureDefaultPort(node, portGiven(node, environment))).toList();
	}

	/** Spring Boot's default 6379 counts as given only when someone set it. */
	private static boolean portGiven(Node node, Environment environment) {
		return node.port() > 0
				&& (node.port() != REDIS_DEFAULT_PORT || environment.containsProperty("spring.data.redis.port"));
	}

	/** An Azure host keeps the port the user gave; without one it gets the service's TLS port. */
	private static Node withAzureDefaultPort(Node node, boolean portGiven) {
		Integer azurePort = AzureRedisHosts.defaultPort(node.host());
		if (azurePort != null && (!portGiven || node.port() <= 0)) {
			return new Node(node.host(), azurePort);
		}
		return (node.port() <= 0) ? new Node(node.host(), REDIS_DEFAULT_PORT) : node;
	}

	/**
	 * TLS when the connection details ask for it, when a {@code rediss://} URL is set, and for Azure hosts (which
	 * accept nothing else) unless {@code spring.data.redis.ssl.enabled=false} was set explicitly.
	 */
	private static @Nullable SslBundle sslBundle(DataRedisConnectionDetails details, String host,
			Environment environment) {
		SslBundle bundle = details.getSslBundle();
		if (bundle != null) {
			return bundle;
		}
		String url = environment.getProperty("spring.data.redis.url");
		boolean rediss = url != null && url.regionMatches(true, 0, "rediss:", 0, 7);
		Boolean sslEnabled = environment.getProperty("spring.data.redis.ssl.enabled", Boolean.class);
		boolean azureDefault = AzureRedisHosts.isAzure(host) && !Boolean.FALSE.equals(sslEnabled);
		return (rediss || azureDefault) ? SslBundle.systemDefault() : null;
	}

}
