package com.example.catalog;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

@Service
public class ProductCatalog {

	private final AtomicInteger lookups = new AtomicInteger();

	@Cacheable("products")
	public Product find(String id) {
		this.lookups.incrementAndGet();
		return new Product(id, "Product " + id, new BigDecimal("9.99"));
	}

	@CachePut(cacheNames = "products", key = "#id")
	public Product rename(String id, String name) {
		return new Product(id, name, new BigDecimal("9.99"));
	}

	@CacheEvict("products")
	public void remove(String id) {
	}

	public int lookups() {
		return this.lookups.get();
	}

}
