package io.github.azureredis.connection.redisson;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisTimeoutException;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.dao.QueryTimeoutException;

/**
 * How long a cache call may wait for Redis, Redisson's retries and reconnections included:
 * {@code spring.data.redis.timeout}, 3 s by default, as Spring Boot users read that property with Lettuce. Redisson
 * bounds each attempt instead, and retries, so a command could otherwise take the timeout once per attempt. The
 * client gives each attempt half of it, so that a command whose connection was closed under it (a restart, Azure
 * maintenance, {@code CLIENT KILL}), which Redisson retries only once its attempt has timed out, is retried within
 * the same call.
 * <p>
 * During an announced Azure maintenance the caches get a relaxed timeout instead
 * ({@code azure.redis.maintenance.relaxed-timeout}): they read {@link #current()} at the start of every call, so that
 * a call started during the window rides through the node's brief unavailability on the client's retries, and one
 * started after it is bounded as usual again. The client's own settings (per attempt, connect timeout) do not change.
 *
 * @author Azure Redis Cache contributors
 */
public final class CommandTimeout {

	/** The timeout when {@code spring.data.redis.timeout} is not set. */
	public static final Duration DEFAULT = Duration.ofSeconds(3);

	private static final Duration MAXIMUM_DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final Duration budget;

	private final @Nullable RedisSilence silence;

	private volatile Duration current;

	/**
	 * Creates a timeout.
	 * @param budget the longest a call waits for Redis
	 */
	public CommandTimeout(Duration budget) {
		this(budget, null);
	}

	/**
	 * Creates a timeout whose calls fail at once while Redis is silent.
	 * @param budget the longest a call waits for Redis
	 * @param silence whether Redis answers at all, told of every call that runs out of time; {@code null} for none
	 */
	public CommandTimeout(Duration budget, @Nullable RedisSilence silence) {
		this.budget = budget;
		this.silence = silence;
		this.current = budget;
	}

	/**
	 * The timeout of the configuration.
	 * @param properties Spring Boot's Redis properties
	 * @return {@code spring.data.redis.timeout}, or {@link #DEFAULT} when it is not set
	 */
	public static CommandTimeout of(DataRedisProperties properties) {
		return of(properties, null);
	}

	/**
	 * The timeout of the configuration, whose calls fail at once while Redis is silent.
	 * @param properties Spring Boot's Redis properties
	 * @param silence whether Redis answers at all; {@code null} for none
	 * @return {@code spring.data.redis.timeout}, or {@link #DEFAULT} when it is not set
	 */
	public static CommandTimeout of(DataRedisProperties properties, @Nullable RedisSilence silence) {
		Duration timeout = properties.getTimeout();
		return new CommandTimeout((timeout != null) ? timeout : DEFAULT, silence);
	}

	/**
	 * The timeout of the caches' calls on a client: the starter's, else, for a client the starter did not configure,
	 * the client's own timeout per attempt.
	 * @param client the client
	 * @param configured the starter's timeout, if there is one
	 * @return the timeout, or {@code null} for a client that is not Redisson's own implementation, whose own
	 * timeouts apply
	 */
	public static @Nullable CommandTimeout forClient(RedissonClient client, @Nullable CommandTimeout configured) {
		NodeCommands commands = NodeCommands.of(client);
		if (commands == null) {
			return null;
		}
		return (configured != null) ? configured : new CommandTimeout(commands.timeoutPerAttempt());
	}

	/**
	 * Waits for a command at most the timeout of a call starting now, Redisson's retries included, and cancels it
	 * when the time runs out, which is how Redisson learns to stop retrying it.
	 * @param <T> the type of its reply
	 * @param command the command under way
	 * @param failure the exception to throw for what went wrong: the command's failure, a
	 * {@link QueryTimeoutException} naming the timeout's property when the time ran out, or the
	 * {@link InterruptedException} (the thread's interrupt status is set again)
	 * @return the reply
	 */
	public <T> @Nullable T await(CompletableFuture<T> command, Function<Throwable, RuntimeException> failure) {
		Duration timeout = this.current;
		long start = System.nanoTime();
		try {
			return command.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			command.cancel(false);
			throw failure.apply(timedOut(timeout, start, ex));
		}
		catch (InterruptedException ex) {
			command.cancel(false);
			Thread.currentThread().interrupt();
			throw failure.apply(ex);
		}
		catch (ExecutionException ex) {
			throw failure.apply(ranOut(timeout, start, (ex.getCause() != null) ? ex.getCause() : ex));
		}
	}

	/**
	 * Fails a command that takes longer than the timeout of a call starting now, without waiting for it: its future
	 * completes with a {@link QueryTimeoutException}, which is how Redisson learns to stop retrying it.
	 * @param <T> the type of its reply
	 * @param command the command under way
	 * @return its reply, or the failure
	 */
	public <T> CompletableFuture<T> bound(CompletableFuture<T> command) {
		Duration timeout = this.current;
		long start = System.nanoTime();
		return command.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionallyCompose((failure) -> CompletableFuture.failedFuture(
					(failure instanceof TimeoutException) ? timedOut(timeout, start, failure)
							: ranOut(timeout, start, failure)));
	}

	/**
	 * Reports Redisson's time-out of a command's last attempt as the call's own when the call's time is up: the last
	 * attempt ends about when the call's time does, and which of the two timers fires first must not change what a
	 * user reads (found in CI, on a loaded machine, as Redisson's own message).
	 */
	private Throwable ranOut(Duration timeout, long start, Throwable failure) {
		boolean timeIsUp = System.nanoTime() - start >= timeout.toNanos();
		// Redisson's JCache wraps Redisson's exception in a javax.cache.CacheException.
		return (timeIsUp && Causes.anyMatch(failure, RedisTimeoutException.class::isInstance))
				? timedOut(timeout, start, failure) : failure;
	}

	private QueryTimeoutException timedOut(Duration timeout, long start, Throwable cause) {
		String described = describe(timeout);
		if (this.silence != null && timeout.equals(this.budget)) {
			this.silence.timedOut(start, described);
		}
		return new QueryTimeoutException("Redis did not answer within " + described + ", retries included", cause);
	}

	/**
	 * Fails a call at once while Redis answers nothing at all ({@link RedisSilence}); calls starting during an
	 * announced maintenance go to Redis regardless, and wait their relaxed timeout.
	 * @throws QueryTimeoutException while Redis is silent
	 */
	public void checkAnswering() {
		if (this.silence != null && !isRelaxed()) {
			this.silence.check();
		}
	}

	/** @return {@code spring.data.redis.timeout}: the longest a call waits for Redis, retries included */
	public Duration configured() {
		return this.budget;
	}

	/** @return the timeout of a call starting now: the configured one, or the relaxed one during a maintenance */
	public Duration current() {
		return this.current;
	}

	/** @return whether calls starting now get a relaxed timeout */
	public boolean isRelaxed() {
		return this.current != this.budget;
	}

	/**
	 * Gives calls starting from now a longer timeout, while an announced maintenance is under way.
	 * @param relaxed the timeout during the maintenance; the configured one if that is longer
	 */
	public void relax(Duration relaxed) {
		this.current = (relaxed.compareTo(this.budget) > 0) ? relaxed : this.budget;
	}

	/** Gives calls starting from now the configured timeout again. */
	public void restore() {
		this.current = this.budget;
	}

	/**
	 * Names the property that bounds a call of the given timeout, for failure messages.
	 * @param timeout the timeout a call had
	 * @return e.g. {@code spring.data.redis.timeout (1000 ms)}
	 */
	public String describe(Duration timeout) {
		boolean relaxedCall = !timeout.equals(this.budget);
		return (relaxedCall ? "azure.redis.maintenance.relaxed-timeout, in force during an announced maintenance ("
				: "spring.data.redis.timeout (") + timeout.toMillis() + " ms)";
	}

	/**
	 * How long a new connection may take to connect and complete its TLS handshake: the configured
	 * {@code spring.data.redis.connect-timeout}, else the time of one attempt (at most 10 s, Lettuce's default), so
	 * that a connection attempt that hangs is given up and retried within the same call.
	 * @param configured {@code spring.data.redis.connect-timeout}, if set
	 * @return the connect timeout
	 */
	public Duration connectTimeout(@Nullable Duration configured) {
		if (configured != null) {
			return configured;
		}
		Duration perAttempt = perAttempt();
		return (perAttempt.compareTo(MAXIMUM_DEFAULT_CONNECT_TIMEOUT) < 0) ? perAttempt
				: MAXIMUM_DEFAULT_CONNECT_TIMEOUT;
	}

	/** @return how long Redisson waits for the answer to one attempt of a command */
	public Duration perAttempt() {
		// Redisson counts in whole milliseconds, and 0 would mean no timeout at all.
		Duration half = this.budget.dividedBy(2);
		return (half.toMillis() < 1) ? Duration.ofMillis(1) : half;
	}

	@Override
	public String toString() {
		return "CommandTimeout[" + this.budget.toMillis() + " ms, " + perAttempt().toMillis() + " ms per attempt"
				+ (isRelaxed() ? ", relaxed to " + this.current.toMillis() + " ms" : "") + "]";
	}

}
