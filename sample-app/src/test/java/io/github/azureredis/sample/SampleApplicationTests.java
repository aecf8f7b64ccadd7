package io.github.azureredis.sample;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a newcomer runs it: no Redis configured, so the development-time Redis is used, and the second lookup
 * is a hit.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(LocalRedisConfiguration.class)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	@Test
	void firstLookupMissesSecondHitsThenPutAndEvictWork() {
		RestClient client = RestClient.create("http://localhost:" + this.port);

		ResponseEntity<Product> first = client.get().uri("/products/7").retrieve().toEntity(Product.class);
		assertThat(first.getHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(Long.parseLong(first.getHeaders().getFirst("X-Duration-Ms")))
			.isGreaterThanOrEqualTo(ProductCatalog.LOOKUP_TIME.toMillis());

		ResponseEntity<Product> second = client.get().uri("/products/7").retrieve().toEntity(Product.class);
		assertThat(second.getHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(second.getBody()).isEqualTo(first.getBody());

		client.put()
			.uri("/products/7")
			.body(Map.of("name", "Renamed", "price", new BigDecimal("12.50")))
			.retrieve()
			.toBodilessEntity();
		ResponseEntity<Product> afterPut = client.get().uri("/products/7").retrieve().toEntity(Product.class);
		assertThat(afterPut.getHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(afterPut.getBody().name()).isEqualTo("Renamed");

		client.delete().uri("/products/7").retrieve().toBodilessEntity();
		ResponseEntity<Product> afterDelete = client.get().uri("/products/7").retrieve().toEntity(Product.class);
		assertThat(afterDelete.getHeaders().getFirst("X-Cache")).isEqualTo("MISS");
	}

	@Test
	void healthIncludesRedis() {
		RestClient client = RestClient.create("http://localhost:" + this.port);
		String health = client.get().uri("/actuator/health").retrieve().body(String.class);
		assertThat(health).contains("\"redis\":{\"details\":{\"version\"").contains("\"status\":\"UP\"");
	}

}
