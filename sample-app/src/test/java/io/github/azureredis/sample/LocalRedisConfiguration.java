package io.github.azureredis.sample;

import io.github.azureredis.testsupport.RedisServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A development-time Redis: a local redis-server (from {@code REDIS_SERVER}, the PATH, or the binary shipped in a
 * Maven Central artifact) that the starter reaches through a {@link DataRedisConnectionDetails} bean, as
 * {@code @ServiceConnection} does for containers (and, as there, the bean takes precedence over
 * {@code spring.data.redis.*}). It lives in the test sources, so the packaged application carries neither it nor its
 * binaries.
 *
 * @author Azure Redis Cache contributors
 */
@TestConfiguration(proxyBeanMethods = false)
class LocalRedisConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalRedisConfiguration.class);

	@Bean(destroyMethod = "close")
	RedisServer localRedisServer() {
		RedisServer server = RedisServer.start();
		logger.info("Started a local redis-server on {}:{} for development. To use Azure Redis instead, run "
				+ "SPRING_DATA_REDIS_HOST=<name>.redis.cache.windows.net ./mvnw -pl sample-app -am spring-boot:run",
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

}
