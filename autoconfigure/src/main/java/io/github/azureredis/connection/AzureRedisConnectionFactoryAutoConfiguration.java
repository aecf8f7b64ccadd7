package io.github.azureredis.connection;

import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of Spring Data Redis's {@link RedisConnectionFactory} on the Redisson client, so that
 * templates, repositories and the Actuator Redis health check share its connections and credentials.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisClientAutoConfiguration.class, before = DataRedisAutoConfiguration.class)
@ConditionalOnClass({ RedissonConnectionFactory.class, RedisConnectionFactory.class })
@ConditionalOnBean(RedissonClient.class)
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
public final class AzureRedisConnectionFactoryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(RedisConnectionFactory.class)
	RedissonConnectionFactory redisConnectionFactory(RedissonClient redissonClient) {
		return new RedissonConnectionFactory(redissonClient);
	}

}
