package io.github.azureredis.sample;

import io.github.azureredis.testsupport.RedisServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * With no Redis configured, the demo starts a local redis-server (from the PATH, or the binary shipped in a Maven
 * Central artifact) and points the starter at it through a {@link DataRedisConnectionDetails} bean, as
 * {@code @ServiceConnection} does for containers.
 *
 * @author Azure Redis Cache contributors
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalRedisConfiguration.NoRedisConfigured.class)
class LocalRedisConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalRedisConfiguration.class);

	@Bean(destroyMethod = "close")
	RedisServer localRedisServer() {
		RedisServer server = RedisServer.start();
		logger.info("No Redis host configured: started a local redis-server on {}:{} for this demo. "
				+ "Set SPRING_DATA_REDIS_HOST=<name>.redis.cache.windows.net to use Azure Redis instead.",
				server.host(), server.port());
		return server;
	}

	@Bean
	DataRedisConnectionDetails localRedisConnectionDetails(RedisServer localRedisServer) {
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of(localRedisServer.host(), localRedisServer.port());
			}

		};
	}

	static class NoRedisConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			return !environment.containsProperty("spring.data.redis.host")
					&& !environment.containsProperty("spring.data.redis.url")
					&& !environment.containsProperty("spring.data.redis.cluster.nodes")
					&& !environment.containsProperty("spring.data.redis.sentinel.nodes");
		}

	}

}
