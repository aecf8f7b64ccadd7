package io.github.azureredis.connection;

import java.util.Map;

import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Refuses to start a single-server client on a Redis Cluster node. Such a server answers most keys with
 * {@code MOVED}, which that client cannot follow: every call would fail with a redirection error, whereas the fix
 * is one property.
 *
 * @author Azure Redis Cache contributors
 */
final class ClusterModeCheck {

	private static final Logger logger = LoggerFactory.getLogger(ClusterModeCheck.class);

	private ClusterModeCheck() {
	}

	static void requireNotACluster(RedissonClient client, RedisEndpoint endpoint) {
		Map<String, String> info;
		try {
			info = client.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.CLUSTER);
		}
		catch (RuntimeException ex) {
			// An ACL may forbid INFO (some Azure data access policies do): then there is nothing to check.
			logger.debug("Could not tell whether Redis is a cluster: {}", ex.toString());
			return;
		}
		if ("1".equals(info.get("cluster_enabled"))) {
			String address = endpoint.nodes().get(0).host() + ":" + endpoint.nodes().get(0).port();
			throw new InvalidConfigurationPropertyValueException("azure.redis.cluster.enabled", false, "Redis at "
					+ address + " is a Redis Cluster (such as Azure Managed Redis with the OSS clustering policy). "
					+ "Set azure.redis.cluster.enabled=true, or list its nodes in spring.data.redis.cluster.nodes.");
		}
	}

}
