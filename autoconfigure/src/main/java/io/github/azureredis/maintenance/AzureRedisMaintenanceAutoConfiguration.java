package io.github.azureredis.maintenance;

import java.util.List;

import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.connection.AzureRedisConnectionDetails;
import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.RedisServerInfo;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the listener of Azure Cache for Redis maintenance notifications that relaxes the
 * {@link CommandTimeout} the caches wait with ({@link AzureRedisMaintenance}). Whether the listener subscribes is
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

	@Bean
	@ConditionalOnMissingBean
	@Nullable AzureRedisMaintenance azureRedisMaintenance(RedissonClient redissonClient,
			ObjectProvider<CommandTimeout> commandTimeout, AzureRedisMaintenanceProperties properties,
			ObjectProvider<DataRedisConnectionDetails> connectionDetails, ObjectProvider<RedisServerInfo> serverInfo,
			ApplicationEventPublisher publisher) {
		CommandTimeout timeout = commandTimeout.getIfAvailable();
		// A RedissonClient that is not Redisson's own implementation: its timeouts apply.
		if (timeout == null || !(redissonClient instanceof Redisson)) {
			return null;
		}
		Boolean enabled = properties.getEnabled();
		boolean listen = (enabled != null) ? enabled
				: connectionDetails.getIfAvailable() instanceof AzureRedisConnectionDetails details
						&& details.isAzureCacheForRedis();
		if (listen) {
			// Without SUBSCRIBE the listener could never hear a notification: say so now, not every 30 s.
			serverInfo.getIfAvailable(() -> RedisServerInfo.of(redissonClient))
				.requireCommands("Listening to maintenance notifications", "azure.redis.maintenance.enabled",
						"or turn maintenance notifications off (azure.redis.maintenance.enabled=false).",
						List.of("SUBSCRIBE"));
		}
		return new AzureRedisMaintenance(redissonClient, listen, timeout, properties, AzureRedisMaintenance.scheduler(),
				publisher);
	}

}
