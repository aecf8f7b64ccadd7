package io.github.azureredis.support;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.azureredis.testsupport.Load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Load on a cached service that checks every value it gets: a wrong value is counted apart from a failure, since
 * a cache may fail during a fault but must never answer wrongly.
 */
public final class CheckedLoad implements AutoCloseable {

	private final AtomicInteger wrongValues = new AtomicInteger();

	private final Load load;

	private CheckedLoad(BookService books, int threads, int keys) {
		this.load = Load.start(threads, (thread, sequence) -> {
			String isbn = "isbn-" + (sequence % keys);
			BookService.Book book = books.find(isbn);
			if (!book.isbn().equals(isbn) || !book.title().equals("Title of " + isbn)) {
				this.wrongValues.incrementAndGet();
			}
		});
	}

	/**
	 * Starts eight threads reading 200 keys.
	 * @param books the service
	 * @return the running load
	 */
	public static CheckedLoad start(BookService books) {
		return new CheckedLoad(books, 8, 200);
	}

	/**
	 * Waits until the load has made the given number of further calls, failed ones included: a phase of a test lasts
	 * until enough calls happened in it, however slow the machine.
	 * @param more how many calls
	 * @param atMost the longest wait
	 */
	public void awaitCalls(long more, Duration atMost) {
		long target = this.load.snapshot().calls() + more;
		await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> this.load.snapshot().calls() >= target);
	}

	/**
	 * Stops the load and checks that no value was wrong.
	 * @return what happened
	 */
	public Load.Result stop() {
		Load.Result result = this.load.stop();
		assertThat(this.wrongValues.get()).as("wrong values").isZero();
		return result;
	}

	/**
	 * Asserts that every failed call was made during a fault: none failed before it began, and every call made
	 * after it ended (plus the time allowed to recover) succeeded. A call made during the fault may still be
	 * retrying when the fault ends, so when it fails is not what is bounded.
	 * @param result the result
	 * @param from the start of the fault
	 * @param to the end of the fault plus the time allowed to recover
	 */
	public static void assertFailuresWithin(Load.Result result, Instant from, Instant to) {
		for (Load.Failure failure : result.failures()) {
			assertThat(failure.at()).as("failure before the fault: %s", failure.error()).isAfterOrEqualTo(from);
			assertThat(failure.calledAt()).as("call made after the fault's window failed: %s", failure.error())
				.isBeforeOrEqualTo(to);
		}
	}

	/**
	 * Sleeps.
	 * @param duration how long
	 */
	public static void sleep(Duration duration) {
		Load.sleep(duration);
	}

	@Override
	public void close() {
		this.load.close();
	}

}
