package io.github.azureredis.benchmarks;

import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * The cached service the Spring variants call. The method bodies are trivial, so a miss measures the cache's read
 * and write, not the method.
 */
public class Catalog {

	/** The size of a large value. */
	public static final int LARGE_VALUE_BYTES = 20 * 1024 * 1024;

	@Cacheable("blobs")
	public byte[] large(String id) {
		return new byte[LARGE_VALUE_BYTES];
	}

	@CachePut(cacheNames = "blobs", key = "#id")
	public byte[] replaceLarge(String id) {
		return new byte[LARGE_VALUE_BYTES];
	}

	@Cacheable("items")
	public Item find(String id) {
		return Item.of(id);
	}

	@CachePut(cacheNames = "items", key = "#id")
	public Item update(String id) {
		return Item.of(id);
	}

	@CachePut(cacheNames = "items", key = "#id")
	public Item update(String id, long version) {
		return new Item(id, version + Item.PAYLOAD);
	}

}
