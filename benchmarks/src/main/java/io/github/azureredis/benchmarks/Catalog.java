package io.github.azureredis.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * The cached service the Spring variants call. The method bodies are trivial, so a miss measures the cache's read
 * and write, not the method; but for {@link #query}, a hot key's slow method.
 */
public class Catalog {

	/** The size of a large value. */
	public static final int LARGE_VALUE_BYTES = 20 * 1024 * 1024;

	/** How long {@link #query} takes: a database query. */
	public static final Duration QUERY_TIME = Duration.ofMillis(50);

	/** The time to live of the entries of {@link #query} (its cache, {@code hot}), in every variant. */
	public static final Duration HOT_TIME_TO_LIVE = Duration.ofSeconds(1);

	private final AtomicLong queries = new AtomicLong();

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

	/**
	 * {@link #find} as a {@code sync = true} method: the same cache and keys.
	 * @param id the id
	 * @return the item
	 */
	@Cacheable(cacheNames = "items", sync = true)
	public Item findOnce(String id) {
		return Item.of(id);
	}

	/**
	 * A hot key's method: takes {@link #QUERY_TIME}, its entries live {@link #HOT_TIME_TO_LIVE}.
	 * @param id the id
	 * @return the item
	 */
	@Cacheable(cacheNames = "hot", sync = true)
	public Item query(String id) {
		this.queries.incrementAndGet();
		Driver.sleep(QUERY_TIME);
		return Item.of(id);
	}

	/** @return how many times {@link #query} ran */
	public long queries() {
		return this.queries.get();
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
