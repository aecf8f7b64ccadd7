package io.github.azureredis.sample;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The catalogue. Looking a product up takes a second, as a call to a slow database or remote service would;
 * {@code @Cacheable} makes every later lookup of the same product a Redis read.
 *
 * @author Azure Redis Cache contributors
 */
@Service
public class ProductCatalog {

	static final Duration LOOKUP_TIME = Duration.ofSeconds(1);

	private final CacheTrace trace;

	ProductCatalog(CacheTrace trace) {
		this.trace = trace;
	}

	@Cacheable("products")
	public Product find(String id) {
		this.trace.methodRan();
		sleep(LOOKUP_TIME);
		return new Product(id, "Product " + id, BigDecimal.valueOf(10 + Math.floorMod(id.hashCode(), 90)));
	}

	@CachePut(cacheNames = "products", key = "#id")
	public Product update(String id, String name, BigDecimal price) {
		this.trace.methodRan();
		return new Product(id, name, price);
	}

	@CacheEvict("products")
	public void remove(String id) {
		this.trace.methodRan();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
