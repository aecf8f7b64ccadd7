package io.github.azureredis.maintenance;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.redisson.api.options.ObjectParams;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.config.DelayStrategy;
import org.redisson.config.ReadMode;

/**
 * The longest a cache call waits for Redis, retries included: {@code spring.data.redis.timeout}, or the relaxed
 * timeout ({@code azure.redis.maintenance.relaxed-timeout}) while an announced maintenance is under way. The caches
 * read it at the start of every call and send through {@link #executor()}, so that a call started during the window
 * rides through the node's brief unavailability, and one started after it is bounded as usual again.
 * <p>
 * Redisson reads its command timeout and retry attempts once, when its command executor is built, and offers no way to
 * change them on a running client; it does build executors with settings of their own for objects created with
 * options ({@link CommandAsyncExecutor#copy(ObjectParams)}). So this holds two executors: the client's, and a copy
 * that makes as many attempts as fit in the relaxed timeout. Each attempt keeps the client's timeout: Redisson does not
 * fail a command that was written to a connection the server then closed (as a node under maintenance does), it waits
 * for the attempt's timeout, so a longer attempt would strand such a command for the whole relaxed timeout instead of
 * re-sending it on the new connection. Redisson's other users of the client (Spring Data, the application's own
 * Redisson objects) keep the client's settings.
 *
 * @author Azure Redis Cache contributors
 */
public final class CommandTimeout {

	private final CommandAsyncExecutor executor;

	private final CommandAsyncExecutor relaxedExecutor;

	private final Duration configured;

	private final Duration relaxed;

	private volatile boolean relaxedNow;

	private CommandTimeout(CommandAsyncExecutor executor, Duration relaxed) {
		this.executor = executor;
		this.configured = Duration.ofMillis(executor.getServiceManager().getConfig().getTimeout());
		this.relaxed = (relaxed.compareTo(this.configured) > 0) ? relaxed : this.configured;
		this.relaxedExecutor = this.relaxed.equals(this.configured) ? executor
				: executor.copy(new RelaxedParams(attempts(this.relaxed, this.configured)));
	}

	// Attempts of the client's timeout that fit in the relaxed one, retry delays aside; the caller's wait ends first.
	private static int attempts(Duration relaxed, Duration configured) {
		return (int) Math.max(1, Math.min(100, relaxed.toMillis() / Math.max(1, configured.toMillis())));
	}

	/**
	 * A timeout that is never relaxed.
	 * @param executor the client's command executor
	 * @return the client's command timeout
	 */
	public static CommandTimeout fixed(CommandAsyncExecutor executor) {
		return new CommandTimeout(executor, Duration.ZERO);
	}

	/**
	 * A timeout that can be relaxed.
	 * @param executor the client's command executor
	 * @param relaxed the timeout during a maintenance window; the client's timeout if that is longer
	 * @return the timeout
	 */
	public static CommandTimeout relaxable(CommandAsyncExecutor executor, Duration relaxed) {
		return new CommandTimeout(executor, relaxed);
	}

	/** @return the timeout of a call starting now */
	public Duration current() {
		return this.relaxedNow ? this.relaxed : this.configured;
	}

	/** @return the executor a call starting now sends its commands through */
	public CommandAsyncExecutor executor() {
		return this.relaxedNow ? this.relaxedExecutor : this.executor;
	}

	/** @return the client's timeout, {@code spring.data.redis.timeout} */
	public Duration configured() {
		return this.configured;
	}

	/** @return the timeout during a maintenance window */
	public Duration relaxed() {
		return this.relaxed;
	}

	/** @return whether calls starting now get the relaxed timeout */
	public boolean isRelaxed() {
		return this.relaxedNow;
	}

	/**
	 * Names the property that bounds a call of the given timeout, for failure messages.
	 * @param timeout the timeout a call had
	 * @return e.g. {@code spring.data.redis.timeout (1000 ms)}
	 */
	public String describe(Duration timeout) {
		boolean relaxedCall = !timeout.equals(this.configured);
		return (relaxedCall ? "azure.redis.maintenance.relaxed-timeout, in force during an announced maintenance ("
				: "spring.data.redis.timeout (") + timeout.toMillis() + " ms)";
	}

	void relax() {
		this.relaxedNow = true;
	}

	void restore() {
		this.relaxedNow = false;
	}

	@Override
	public String toString() {
		return "CommandTimeout[" + current().toMillis() + " ms" + (this.relaxedNow ? ", relaxed" : "") + "]";
	}

	/** Redisson's options of an executor copy: more retry attempts, the client's settings otherwise. */
	private record RelaxedParams(int retryAttempts) implements ObjectParams {

		@Override
		public int getTimeout() {
			// 0: the client's.
			return 0;
		}

		@Override
		public int getRetryAttempts() {
			return this.retryAttempts;
		}

		@Override
		public @Nullable DelayStrategy getRetryDelay() {
			return null;
		}

		@Override
		public @Nullable ReadMode getReadMode() {
			return null;
		}

	}

}
