package io.github.azureredis.support;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * A service whose results are cached, counting how often the method bodies really run.
 */
public class BookService {

	private final AtomicInteger lookups = new AtomicInteger();

	@Cacheable("books")
	public Book find(String isbn) {
		this.lookups.incrementAndGet();
		return new Book(isbn, "Title of " + isbn);
	}

	@CachePut(cacheNames = "books", key = "#isbn")
	public Book rename(String isbn, String title) {
		return new Book(isbn, title);
	}

	@CacheEvict("books")
	public void evict(String isbn) {
	}

	public int lookups() {
		return this.lookups.get();
	}

	/**
	 * A cached value.
	 *
	 * @param isbn the key
	 * @param title the title
	 */
	public record Book(String isbn, String title) implements Serializable {
	}

}
