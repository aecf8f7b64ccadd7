package io.github.azureredis.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.azureredis.support.BookService.Book;

import org.springframework.cache.annotation.Cacheable;

/**
 * Cached methods that return a {@code CompletableFuture}: completed already, or completed by another thread.
 */
public class AsyncBookService {

	private final AtomicInteger lookups = new AtomicInteger();

	@Cacheable("async-books")
	public CompletableFuture<Book> findCompleted(String isbn) {
		this.lookups.incrementAndGet();
		return CompletableFuture.completedFuture(new Book(isbn, "Title of " + isbn));
	}

	@Cacheable("async-books")
	public CompletableFuture<Book> findLater(String isbn) {
		this.lookups.incrementAndGet();
		return CompletableFuture.supplyAsync(() -> new Book(isbn, "Title of " + isbn));
	}

	public int lookups() {
		return this.lookups.get();
	}

}
