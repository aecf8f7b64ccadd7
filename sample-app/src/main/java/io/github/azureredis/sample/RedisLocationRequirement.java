package io.github.azureredis.sample;

import io.github.azureredis.connection.AzureRedisConnectionDetails;
import io.github.azureredis.connection.RedissonConfigCustomizer;
import org.redisson.config.Config;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/**
 * Stops start-up, as the Redis client is configured and before it connects, when no Redis is configured: neither
 * {@code spring.data.redis.*} (such as {@code SPRING_DATA_REDIS_HOST}) nor connection details of the application's
 * own (as the local Redis of {@code TestSampleApplication} is). Otherwise the packaged sample would quietly try Spring
 * Boot's default, {@code localhost:6379}.
 *
 * @author Azure Redis Cache contributors
 */
class RedisLocationRequirement implements RedissonConfigCustomizer {

	private final DataRedisConnectionDetails connectionDetails;

	RedisLocationRequirement(DataRedisConnectionDetails connectionDetails) {
		this.connectionDetails = connectionDetails;
	}

	@Override
	public void customize(Config config) {
		if (this.connectionDetails instanceof AzureRedisConnectionDetails details && !details.isLocationConfigured()) {
			throw new InvalidConfigurationPropertyValueException("spring.data.redis.host", null,
					"No Redis is configured. Set the environment variable SPRING_DATA_REDIS_HOST to your cache, e.g. "
							+ "SPRING_DATA_REDIS_HOST=mycache.redis.cache.windows.net. For a local Redis while "
							+ "developing, run the sample with: ./mvnw -pl sample-app -am spring-boot:test-run");
		}
	}

}
