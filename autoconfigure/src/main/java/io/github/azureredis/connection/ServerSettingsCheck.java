package io.github.azureredis.connection;

import io.github.azureredis.connection.redisson.RedisServerInfo;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Refuses settings the server would silently not honour, at start-up rather than in production:
 * <ul>
 * <li>a database other than 0 where only database 0 exists: a Redis Cluster (Azure Cache for Redis Premium with
 * clustering, Azure Managed Redis with the OSS clustering policy), whose client ignores the setting, and Redis
 * Enterprise (Azure Managed Redis), which accepts {@code SELECT} and does nothing. Either way applications meant to be
 * kept apart by their database would share one keyspace;</li>
 * <li>reads from replicas on Redis Enterprise, which does not support {@code READONLY}.</li>
 * </ul>
 *
 * @author Azure Redis Cache contributors
 */
final class ServerSettingsCheck {

	private static final String DATABASE = "spring.data.redis.database";

	private static final String DATABASE_ZERO_ONLY = " has database 0 only: remove " + DATABASE
			+ ", and keep applications apart with key prefixes (spring.cache.redis.key-prefix) or a cache each.";

	private ServerSettingsCheck() {
	}

	/**
	 * Checks the database against the topology, before connecting.
	 * @param topology the topology connected to
	 * @param database the database index of {@code spring.data.redis.database}
	 */
	static void requireDatabaseZeroInACluster(RedisEndpoint.Topology topology, int database) {
		if (topology == RedisEndpoint.Topology.CLUSTER && database != 0) {
			throw new InvalidConfigurationPropertyValueException(DATABASE, database, "A Redis Cluster (Azure Cache "
					+ "for Redis Premium with clustering, Azure Managed Redis with the OSS clustering policy)"
					+ DATABASE_ZERO_ONLY);
		}
	}

	/**
	 * Checks the settings against the server, once connected.
	 * @param server the server
	 * @param endpoint the endpoint
	 * @param readFrom where a cluster client reads from ({@code azure.redis.cluster.read-from})
	 */
	static void requireHonouredBy(RedisServerInfo server, RedisEndpoint endpoint,
			AzureRedisProperties.ReadFrom readFrom) {
		boolean readsFromReplicas = endpoint.topology() == RedisEndpoint.Topology.CLUSTER
				&& readFrom != AzureRedisProperties.ReadFrom.MASTER;
		if ((endpoint.database() == 0 && !readsFromReplicas) || !server.isRedisEnterprise()) {
			return;
		}
		String where = server.description() + " at " + server.address() + " (such as Azure Managed Redis)";
		if (endpoint.database() != 0) {
			throw new InvalidConfigurationPropertyValueException(DATABASE, endpoint.database(),
					where + " accepts SELECT but ignores it: it" + DATABASE_ZERO_ONLY);
		}
		throw new InvalidConfigurationPropertyValueException("azure.redis.cluster.read-from", readFrom, where
				+ " serves every read from primary shards and does not support READONLY: remove the property.");
	}

}
