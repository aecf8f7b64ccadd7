package io.github.azureredis.maintenance;

import java.util.List;

import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.connection.AzureRedisHosts;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link CommandTimeout} the caches wait with, and of the listener of Azure Cache for Redis
 * maintenance notifications that relaxes it ({@link AzureRedisMaintenance}). Whether the listener subscribes is
 * decided where the application runs, from the host it connects to, so that an application processed ahead of time
 * behaves as it would otherwise.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisClientAutoConfiguration.class,
		beforeName = { "io.github.azureredis.cache.AzureRedisCacheAutoConfiguration",
				"io.github.azureredis.jcache.AzureRedisJCacheAutoConfiguration" })
@ConditionalOnClass({ RedissonClient.class, DataRedisConnectionDetails.class })
@ConditionalOnBean(RedissonClient.class)
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AzureRedisMaintenanceProperties.class)
public final class AzureRedisMaintenanceAutoConfiguration {

	// Absent (a null bean) for a RedissonClient that is not Redisson's own implementation: its timeouts apply.
	@Bean
	@ConditionalOnMissingBean
	@Nullable CommandTimeout commandTimeout(RedissonClient redissonClient, AzureRedisMaintenanceProperties properties) {
		return (redissonClient instanceof Redisson redisson)
				? CommandTimeout.relaxable(redisson.getCommandExecutor(), properties.getRelaxedTimeout()) : null;
	}

	@Bean
	@ConditionalOnMissingBean
	@Nullable AzureRedisMaintenance azureRedisMaintenance(RedissonClient redissonClient,
			ObjectProvider<CommandTimeout> commandTimeout, AzureRedisMaintenanceProperties properties,
			ObjectProvider<DataRedisConnectionDetails> connectionDetails, ApplicationEventPublisher publisher) {
		CommandTimeout timeout = commandTimeout.getIfAvailable();
		if (timeout == null) {
			return null;
		}
		Boolean enabled = properties.getEnabled();
		boolean listen = (enabled != null) ? enabled : isAzureCacheForRedis(connectionDetails.getIfAvailable());
		return new AzureRedisMaintenance(redissonClient, listen, timeout, properties, AzureRedisMaintenance.scheduler(),
				publisher);
	}

	/**
	 * Azure Cache for Redis publishes {@code AzureRedisEvents}; Azure Managed Redis does not (it sends maintenance
	 * push notifications over RESP3 instead, which Redisson cannot receive).
	 */
	private static boolean isAzureCacheForRedis(@Nullable DataRedisConnectionDetails details) {
		String host = (details != null) ? host(details) : null;
		Integer port = AzureRedisHosts.defaultPort(host);
		return port != null && port == AzureRedisHosts.CACHE_FOR_REDIS_TLS_PORT;
	}

	private static @Nullable String host(DataRedisConnectionDetails details) {
		if (details.getSentinel() != null) {
			return null;
		}
		if (details.getCluster() != null) {
			return first(details.getCluster().getNodes());
		}
		if (details.getMasterReplica() != null) {
			return first(details.getMasterReplica().getNodes());
		}
		return (details.getStandalone() != null) ? details.getStandalone().getHost() : null;
	}

	private static @Nullable String first(List<Node> nodes) {
		return nodes.isEmpty() ? null : nodes.get(0).host();
	}

}
