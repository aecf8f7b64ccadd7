package io.github.azureredis.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * A product catalogue whose slow lookups are cached in Redis. It needs a Redis host ({@code SPRING_DATA_REDIS_HOST});
 * for development, {@code TestSampleApplication} (test sources) runs it with a local Redis.
 *
 * @author Azure Redis Cache contributors
 */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	@Bean
	RedisLocationRequirement redisLocationRequirement(DataRedisConnectionDetails connectionDetails) {
		return new RedisLocationRequirement(connectionDetails);
	}

}
