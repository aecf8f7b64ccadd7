package io.github.azureredis.connection;

import io.github.azureredis.connection.redisson.RedisServerInfo;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Refuses to start a single-server client on a Redis Cluster node. Such a server answers most keys with
 * {@code MOVED}, which that client cannot follow: every call would fail with a redirection error, whereas the fix
 * is one property.
 *
 * @author Azure Redis Cache contributors
 */
final class ClusterModeCheck {

	private ClusterModeCheck() {
	}

	static void requireNotACluster(RedisServerInfo server, RedisEndpoint endpoint) {
		// An ACL may forbid INFO (some Azure data access policies do): then there is nothing to check.
		if (server.isClusterEnabled()) {
			String address = endpoint.nodes().get(0).host() + ":" + endpoint.nodes().get(0).port();
			throw new InvalidConfigurationPropertyValueException("azure.redis.cluster.enabled", false, "Redis at "
					+ address + " is a Redis Cluster (such as Azure Managed Redis with the OSS clustering policy). "
					+ "Set azure.redis.cluster.enabled=true, or list its nodes in spring.data.redis.cluster.nodes.");
		}
	}

}
