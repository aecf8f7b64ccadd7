package io.github.azureredis.connection;

import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code @ServiceConnection} does, without Docker: a {@link DataRedisConnectionDetails} bean names a local
 * redis-server, the properties name a port where nothing listens, and the cache follows the bean.
 */
@Tag("integration")
@SpringBootTest(properties = "spring.data.redis.port=1")
class ConnectionDetailsBeanTests {

	static final RedisServer redis = RedisServer.start();

	@Autowired
	private BookService books;

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void cachesInTheServerNamedByTheBean() {
		this.books.find("978-7");
		this.books.find("978-7");
		assertThat(this.books.lookups()).isEqualTo(1);
		try (RespClient client = redis.client()) {
			assertThat(client.integer("EXISTS", "books::978-7")).isEqualTo(1);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(CachingConfiguration.class)
	static class TestApplication {

		@Bean
		DataRedisConnectionDetails localRedis() {
			return new DataRedisConnectionDetails() {
				@Override
				public Standalone getStandalone() {
					return Standalone.of(redis.host(), redis.port());
				}
			};
		}

	}

}
