package io.github.azureredis.support;

import java.util.concurrent.atomic.AtomicInteger;

import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/**
 * A service cached with the JSR-107 annotations.
 */
public class JsrBookService {

	private final AtomicInteger lookups = new AtomicInteger();

	@CacheResult(cacheName = "jsr-books")
	public BookService.Book find(String isbn) {
		this.lookups.incrementAndGet();
		return new BookService.Book(isbn, "Title of " + isbn);
	}

	@CacheRemove(cacheName = "jsr-books")
	public void remove(String isbn) {
	}

	public int lookups() {
		return this.lookups.get();
	}

}
