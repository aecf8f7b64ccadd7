package io.github.azureredis.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.RedisAccess;
import io.github.azureredis.values.UncacheableValueException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * How a cache call waits for Redis: not at all while Redis refuses the client's identity ({@link RedisAccess}: every
 * connection is refused then, and a call would wait its whole timeout for one) or answers nothing at all
 * ({@link CommandTimeout#checkAnswering()}); otherwise at most the command timeout,
 * Redisson's retries and reconnections included ({@link CommandTimeout}): Redisson bounds each attempt and then
 * retries, so that one command could take its attempt timeout times the number of attempts. A call that runs out of
 * time cancels its command and fails with a {@code QueryTimeoutException}; retries that fit in the time (a connection
 * closed mid-command, a reconnection) still hide the fault from the caller. Failures are Spring's
 * {@link DataAccessException}s ({@link RedisExceptionTranslator}), and a write refused by a full Redis a value that is
 * not cached ({@link UncacheableValueException}).
 *
 * @author Azure Redis Cache contributors
 */
final class BoundedCalls {

	private final CommandTimeout timeout;

	private final @Nullable RedisAccess access;

	BoundedCalls(CommandTimeout timeout, @Nullable RedisAccess access) {
		this.timeout = timeout;
		this.access = access;
	}

	/** Fails at once while Redis refuses the client's identity or answers nothing at all. */
	void checkAvailable() {
		if (this.access != null) {
			this.access.check();
		}
		this.timeout.checkAnswering();
	}

	/**
	 * Waits for a command within the timeout of a call starting now.
	 * @param <T> the type of its reply
	 * @param command the command under way
	 * @return its reply
	 */
	<T> @Nullable T await(CompletableFuture<T> command) {
		return this.timeout.await(command, BoundedCalls::translated);
	}

	/**
	 * Waits for a command that may take longer than a call's timeout, such as a clear, which scans every key.
	 * @param <T> the type of its reply
	 * @param command the command under way
	 * @return its reply
	 */
	<T> @Nullable T join(CompletableFuture<T> command) {
		try {
			return command.join();
		}
		catch (CompletionException ex) {
			throw translated((ex.getCause() != null) ? ex.getCause() : ex);
		}
	}

	/**
	 * Sends a command, and fails it if it takes longer than the timeout of a call starting now, without waiting.
	 * @param <T> the type of its reply
	 * @param command sends the command; not called while Redis refuses the client's identity or is silent
	 * @return its reply, or the failure
	 */
	<T> CompletableFuture<T> bound(Supplier<CompletableFuture<T>> command) {
		try {
			checkAvailable();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.timeout.bound(command.get()).exceptionallyCompose((failure) -> {
			UncacheableValueException redisFull = UncacheableValueException.ifRedisFull(failure);
			return CompletableFuture.failedFuture((redisFull != null) ? redisFull : failure);
		});
	}

	private static RuntimeException translated(Throwable failure) {
		return (failure instanceof DataAccessException translated) ? translated
				: RedisExceptionTranslator.translate(failure);
	}

}
