package io.github.azureredis.connection;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * Where and how to connect, as the client is built: {@link AzureRedisConnectionDetails} reduced to one topology.
 *
 * @param topology how the nodes are organised
 * @param nodes the nodes to connect to (for a sentinel topology: the sentinels)
 * @param database the database index (standalone and sentinel)
 * @param sslBundle trust material when TLS is used, else {@code null}
 * @param sentinelMaster the master name (sentinel topology)
 * @param sentinelUsername the user name for the sentinels
 * @param sentinelPassword the password for the sentinels
 * @author Azure Redis Cache contributors
 */
record RedisEndpoint(Topology topology, List<Node> nodes, int database, @Nullable SslBundle sslBundle,
		@Nullable String sentinelMaster,
		@Nullable String sentinelUsername, @Nullable String sentinelPassword) {

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
				+ ", sentinelPassword=" + ((this.sentinelPassword != null) ? "******" : "none") + "]";
	}

	/** @return the first node's host, for messages and TLS host name verification */
	String primaryHost() {
		return this.nodes.get(0).host();
	}

	/**
	 * Resolves the endpoint, in Spring Boot's order of precedence: sentinel, cluster, master/replica, standalone.
	 * @param details the connection details, Azure's defaults applied
	 * @return the endpoint
	 */
	static RedisEndpoint of(AzureRedisConnectionDetails details) {
		SslBundle sslBundle = details.getSslBundle();
		DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
		if (sentinel != null) {
			String username = sentinel.getUsername();
			return new RedisEndpoint(Topology.SENTINEL, sentinel.getNodes(), sentinel.getDatabase(), sslBundle,
					sentinel.getMaster(), StringUtils.hasText(username) ? username : null, sentinel.getPassword());
		}
		DataRedisConnectionDetails.Cluster cluster = details.getCluster();
		if (cluster != null) {
			return new RedisEndpoint(Topology.CLUSTER, cluster.getNodes(), 0, sslBundle, null, null, null);
		}
		DataRedisConnectionDetails.MasterReplica masterReplica = details.getMasterReplica();
		if (masterReplica != null) {
			return new RedisEndpoint(Topology.MASTER_REPLICA, masterReplica.getNodes(), 0, sslBundle, null, null,
					null);
		}
		DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
		if (standalone == null) {
			throw new InvalidConfigurationPropertyValueException("spring.data.redis.host", null,
					"The Redis connection details name no standalone, cluster or sentinel server.");
		}
		return new RedisEndpoint(Topology.STANDALONE, List.of(new Node(standalone.getHost(), standalone.getPort())),
				standalone.getDatabase(), sslBundle, null, null, null);
	}

}
