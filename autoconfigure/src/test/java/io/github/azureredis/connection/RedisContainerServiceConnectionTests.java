package io.github.azureredis.connection;

import com.redis.testcontainers.RedisContainer;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} with a Redis container: the starter connects to the container, not to the properties.
 * Runs where Docker is available; skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = "spring.data.redis.port=1")
class RedisContainerServiceConnectionTests {

	@Container
	@ServiceConnection
	static final RedisContainer redis = new RedisContainer(RedisContainer.DEFAULT_IMAGE_NAME.withTag("7.4"));

	@Autowired
	private BookService books;

	@Autowired
	private RedissonClient redisson;

	@Test
	void cachesInTheContainer() {
		this.books.find("978-42");
		this.books.find("978-42");
		assertThat(this.books.lookups()).isEqualTo(1);
		assertThat(this.redisson.getKeys().countExists("books::978-42")).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(CachingConfiguration.class)
	static class TestApplication {

	}

}
