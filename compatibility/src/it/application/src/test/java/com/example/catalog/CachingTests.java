package com.example.catalog;

import java.time.Duration;

import io.github.azureredis.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a user of the starter relies on, checked on each supported Spring Boot line against a real redis-server.
 */
@SpringBootTest
class CachingTests {

	private static final RedisServer redis = RedisServer.start();

	@Autowired
	private ProductCatalog catalog;

	@Autowired
	private StringRedisTemplate redisTemplate;

	@Autowired
	private RedisConnectionFactory connectionFactory;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void runsOnTheExpectedSpringBoot() {
		assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("expected.spring-boot.version"));
		System.out.println("Spring Boot " + SpringBootVersion.getVersion() + ", connection factory "
				+ this.connectionFactory.getClass().getName());
	}

	@Test
	void secondLookupIsAHit() {
		int before = this.catalog.lookups();
		Product first = this.catalog.find("1");
		Product second = this.catalog.find("1");
		assertThat(this.catalog.lookups()).isEqualTo(before + 1);
		assertThat(second).isEqualTo(first);
	}

	@Test
	void putReplacesAndEvictRemoves() {
		this.catalog.find("2");
		this.catalog.rename("2", "Renamed");
		int before = this.catalog.lookups();
		assertThat(this.catalog.find("2").name()).isEqualTo("Renamed");
		assertThat(this.catalog.lookups()).isEqualTo(before);
		this.catalog.remove("2");
		assertThat(this.catalog.find("2").name()).isEqualTo("Product 2");
		assertThat(this.catalog.lookups()).isEqualTo(before + 1);
	}

	@Test
	void entriesAreRedisKeysWithTheConfiguredTimeToLive() {
		this.catalog.find("3");
		// The fill after a miss is not waited for (azure.redis.cache.pipelined-fills): another client sees it once
		// Redis has it.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.redisTemplate.hasKey("products::3"));
		assertThat(this.redisTemplate.opsForValue().get("products::3")).contains("\"name\":\"Product 3\"");
		assertThat(this.redisTemplate.getExpire("products::3")).isBetween(Duration.ofMinutes(9).toSeconds(),
				Duration.ofMinutes(10).toSeconds());
	}

	@Test
	void redisIsReachedThroughTheStartersRedissonClient() {
		assertThat(this.connectionFactory).isInstanceOf(RedissonConnectionFactory.class);
	}

}
