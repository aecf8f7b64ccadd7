package io.github.azureredis.support;

import io.github.azureredis.cache.AzureRedisCacheAutoConfiguration;
import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.connection.AzureRedisConnectionDetailsAutoConfiguration;
import io.github.azureredis.connection.AzureRedisConnectionFactoryAutoConfiguration;
import io.github.azureredis.connection.RedissonConfigCustomizer;
import io.github.azureredis.credentials.EntraIdCredentialsAutoConfiguration;
import io.github.azureredis.jcache.AzureRedisHibernateCacheAutoConfiguration;
import io.github.azureredis.jcache.AzureRedisJCacheAutoConfiguration;
import io.github.azureredis.maintenance.AzureRedisMaintenanceAutoConfiguration;
import io.github.azureredis.health.AzureRedisHealthAutoConfiguration;
import io.github.azureredis.metrics.AzureRedisMetricsAutoConfiguration;
import io.github.azureredis.observation.AzureRedisObservationAutoConfiguration;
import io.github.azureredis.properties.AzureRedisPropertiesAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;

/**
 * The auto-configurations a Spring Boot application with the starter runs, for context runners.
 */
public final class TestAutoConfigurations {

	private TestAutoConfigurations() {
	}

	/**
	 * A client that connects on first use, to a port where nothing listens: for condition and shape tests, which
	 * need no server, as Spring Boot's own auto-configuration tests need none.
	 * @return the customizer to register as a bean
	 */
	public static RedissonConfigCustomizer lazyClient() {
		return (config) -> config.setLazyInitialization(true);
	}

	/** @return the starter's auto-configurations with Spring Boot's Redis, cache and SSL ones */
	public static AutoConfigurations all() {
		return AutoConfigurations.of(AzureRedisPropertiesAutoConfiguration.class,
				AzureRedisConnectionDetailsAutoConfiguration.class, EntraIdCredentialsAutoConfiguration.class,
				AzureRedisClientAutoConfiguration.class, AzureRedisConnectionFactoryAutoConfiguration.class,
				AzureRedisMaintenanceAutoConfiguration.class, AzureRedisCacheAutoConfiguration.class,
				AzureRedisJCacheAutoConfiguration.class, AzureRedisHibernateCacheAutoConfiguration.class,
				AzureRedisObservationAutoConfiguration.class,
				AzureRedisHealthAutoConfiguration.class, AzureRedisMetricsAutoConfiguration.class,
				DataRedisAutoConfiguration.class, CacheAutoConfiguration.class, SslAutoConfiguration.class);
	}

}
