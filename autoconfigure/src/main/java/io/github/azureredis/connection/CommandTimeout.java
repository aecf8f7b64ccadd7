package io.github.azureredis.connection;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

/**
 * How long a cache call may wait for Redis, Redisson's retries and reconnections included:
 * {@code spring.data.redis.timeout}, 3 s by default, as Spring Boot users read that property with Lettuce. Redisson
 * bounds each attempt instead, and retries, so a command could otherwise take the timeout once per attempt. The
 * client gives each attempt half of it, so that a command whose connection was closed under it (a restart, Azure
 * maintenance, {@code CLIENT KILL}), which Redisson retries only once its attempt has timed out, is retried within
 * the same call.
 *
 * @author Azure Redis Cache contributors
 */
public final class CommandTimeout {

	/** The timeout when {@code spring.data.redis.timeout} is not set. */
	public static final Duration DEFAULT = Duration.ofSeconds(3);

	private static final Duration MAXIMUM_DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final Duration budget;

	/**
	 * Creates a timeout.
	 * @param budget the longest a call waits for Redis
	 */
	public CommandTimeout(Duration budget) {
		this.budget = budget;
	}

	static CommandTimeout of(DataRedisProperties properties) {
		Duration timeout = properties.getTimeout();
		return new CommandTimeout((timeout != null) ? timeout : DEFAULT);
	}

	/** @return the longest a call waits for Redis, retries included */
	public Duration get() {
		return this.budget;
	}

	/**
	 * How long a new connection may take to connect and complete its TLS handshake: the configured
	 * {@code spring.data.redis.connect-timeout}, else the time of one attempt (at most 10 s, Lettuce's default), so
	 * that a connection attempt that hangs is given up and retried within the same call.
	 * @param configured {@code spring.data.redis.connect-timeout}, if set
	 * @return the connect timeout
	 */
	Duration connectTimeout(@Nullable Duration configured) {
		if (configured != null) {
			return configured;
		}
		Duration perAttempt = perAttempt();
		return (perAttempt.compareTo(MAXIMUM_DEFAULT_CONNECT_TIMEOUT) < 0) ? perAttempt
				: MAXIMUM_DEFAULT_CONNECT_TIMEOUT;
	}

	/** @return how long Redisson waits for the answer to one attempt of a command */
	Duration perAttempt() {
		// Redisson counts in whole milliseconds, and 0 would mean no timeout at all.
		Duration half = this.budget.dividedBy(2);
		return (half.toMillis() < 1) ? Duration.ofMillis(1) : half;
	}

	@Override
	public String toString() {
		return "CommandTimeout[" + this.budget.toMillis() + " ms, " + perAttempt().toMillis() + " ms per attempt]";
	}

}
