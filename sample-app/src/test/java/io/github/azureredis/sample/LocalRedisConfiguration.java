package io.github.azureredis.sample;

import io.github.azureredis.testsupport.RedisServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A development-time Redis: with no Redis configured, a local redis-server (from {@code REDIS_SERVER}, the PATH, or
 * the binary shipped in a Maven Central artifact) that the starter reaches through a
 * {@link DataRedisConnectionDetails} bean, as {@code @ServiceConnection} does for containers. It lives in the test
 * sources, so the packaged application carries neither it nor its binaries.
 *
 * @author Azure Redis Cache contributors
 */
@TestConfiguration(proxyBeanMethods = false)
@Conditional(LocalRedisConfiguration.NoRedisConfigured.class)
class LocalRedisConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalRedisConfiguration.class);

	@Bean(destroyMethod = "close")
	RedisServer localRedisServer() {
		RedisServer server = RedisServer.start();
		logger.info("No Redis host configured: started a local redis-server on {}:{} for development. "
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
