package io.github.azureredis.connection;

import java.time.Duration;

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

	/** @return how long Redisson waits for the answer to one attempt of a command */
	Duration perAttempt() {
		Duration half = this.budget.dividedBy(2);
		return half.isZero() ? Duration.ofMillis(1) : half;
	}

	@Override
	public String toString() {
		return "CommandTimeout[" + this.budget.toMillis() + " ms, " + perAttempt().toMillis() + " ms per attempt]";
	}

}
