package io.github.azureredis.sample;

import java.math.BigDecimal;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /products/{id}} (cached), {@code PUT /products/{id}} ({@code @CachePut}) and
 * {@code DELETE /products/{id}} ({@code @CacheEvict}). Every call is logged with "hit" or "miss" and its duration,
 * which the {@code X-Cache} and {@code X-Duration-Ms} response headers repeat.
 *
 * @author Azure Redis Cache contributors
 */
@RestController
@RequestMapping("/products")
class ProductController {

	private static final Logger logger = LoggerFactory.getLogger(ProductController.class);

	private final ProductCatalog catalog;

	private final CacheTrace trace;

	ProductController(ProductCatalog catalog, CacheTrace trace) {
		this.catalog = catalog;
		this.trace = trace;
	}

	@GetMapping("/{id}")
	ResponseEntity<Product> get(@PathVariable String id) {
		return traced("GET", id, () -> this.catalog.find(id));
	}

	@PutMapping("/{id}")
	ResponseEntity<Product> put(@PathVariable String id, @RequestBody ProductUpdate update) {
		return traced("PUT", id, () -> this.catalog.update(id, update.name(), update.price()));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@PathVariable String id) {
		return traced("DELETE", id, () -> {
			this.catalog.remove(id);
			return null;
		});
	}

	private <T> ResponseEntity<T> traced(String method, String id, Supplier<T> call) {
		this.trace.reset();
		long start = System.nanoTime();
		T body = call.get();
		long millis = (System.nanoTime() - start) / 1_000_000;
		String outcome = method.equals("GET") ? (this.trace.wasHit() ? "hit" : "miss") : "write";
		logger.info("{} /products/{}: cache {} in {} ms", method, id, outcome, millis);
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.header("X-Cache", outcome.toUpperCase())
			.header("X-Duration-Ms", Long.toString(millis));
		return (body != null) ? response.body(body) : response.build();
	}

	record ProductUpdate(String name, BigDecimal price) {
	}

}
