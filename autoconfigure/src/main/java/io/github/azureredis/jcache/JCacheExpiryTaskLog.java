package io.github.azureredis.jcache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.github.azureredis.values.WarningInterval;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.NestedExceptionUtils;

/**
 * Reports the failed runs of Redisson's JCache expiry task as one warning per interval, with their count and cause,
 * instead of an ERROR with a stack trace each. Redisson runs that task for every cache every few seconds (from
 * Redisson's {@code minCleanUpDelay}, 5 s) and logs each run that fails, as every run does while Redis does not
 * answer: a Hibernate application with five regions logged fifty of them a minute while Redis was frozen,
 * beside the starter's own warnings of the calls that failed. Redisson has no setting for that log and SLF4J no
 * filter, so this is a filter of Logback, Spring Boot's default logging system; with another one, Redisson's errors
 * are logged as they are.
 * <p>
 * It knows the task by its logger and message ({@code EvictionTask} of Redisson 4.6: "Unable to evict
 * elements for '{}'", the cache name and the failure), and leaves every other event alone. The application's level
 * for Redisson's logger still decides whether anything is logged. Installed in Logback's context for the life of the
 * application context.
 *
 * @author Azure Redis Cache contributors
 */
final class JCacheExpiryTaskLog extends TurboFilter implements InitializingBean, DisposableBean {

	static final String TASK_LOGGER = "org.redisson.eviction.JCacheEvictionTask";

	private static final String FAILED_RUN = "Unable to evict elements for";

	private static final int MAX_CAUSE_LENGTH = 200;

	private static final Logger logger = LoggerFactory.getLogger(JCacheExpiryTaskLog.class);

	private final WarningInterval warnings;

	private final AtomicLong failedRuns = new AtomicLong();

	private final AtomicLong allFailedRuns = new AtomicLong();

	private @Nullable LoggerContext installedIn;

	JCacheExpiryTaskLog() {
		this(new WarningInterval(Duration.ofMinutes(1)));
	}

	JCacheExpiryTaskLog(WarningInterval warnings) {
		this.warnings = warnings;
	}

	@Override
	public void afterPropertiesSet() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			setContext(context);
			start();
			context.addTurboFilter(this);
			this.installedIn = context;
		}
	}

	@Override
	public void destroy() {
		if (this.installedIn != null) {
			this.installedIn.getTurboFilterList().remove(this);
			stop();
			this.installedIn = null;
		}
	}

	@Override
	public FilterReply decide(@Nullable Marker marker, ch.qos.logback.classic.Logger eventLogger, Level level,
			@Nullable String format, Object @Nullable [] params, @Nullable Throwable failure) {
		if (level != Level.ERROR || format == null || !format.startsWith(FAILED_RUN)
				|| !TASK_LOGGER.equals(eventLogger.getName())) {
			return FilterReply.NEUTRAL;
		}
		if (!Level.ERROR.isGreaterOrEqual(eventLogger.getEffectiveLevel())) {
			return FilterReply.DENY;
		}
		this.failedRuns.incrementAndGet();
		this.allFailedRuns.incrementAndGet();
		if (this.warnings.due()) {
			logger.warn("Redisson's JCache expiry task could not remove the expired entries of '{}' ({} failed runs "
					+ "of JCache expiry tasks in the last interval; they keep trying, and expired entries stay in "
					+ "Redis until they succeed): {}", cacheName(params), this.failedRuns.getAndSet(0),
					describe(cause(params, failure)));
		}
		return FilterReply.DENY;
	}

	/** @return the failed runs reported since this filter was installed (for tests and diagnostics) */
	long failedRuns() {
		return this.allFailedRuns.get();
	}

	private static Object cacheName(Object @Nullable [] params) {
		return (params != null && params.length > 0) ? params[0] : "?";
	}

	/** SLF4J passes the failure of {@code error(format, name, failure)} as the last parameter. */
	private static @Nullable Throwable cause(Object @Nullable [] params, @Nullable Throwable failure) {
		if (failure != null) {
			return failure;
		}
		return (params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) ? last
				: null;
	}

	/**
	 * The failure and, when it has one, its root cause ("Unexpected exception while processing command" around a
	 * refused connection); Redisson's time-out messages go on with the command and its script: the start of each
	 * message says what failed.
	 */
	private static String describe(@Nullable Throwable failure) {
		if (failure == null) {
			return "no cause given";
		}
		Throwable root = NestedExceptionUtils.getRootCause(failure);
		return (root != null) ? describeOne(failure) + " (cause: " + describeOne(root) + ")" : describeOne(failure);
	}

	private static String describeOne(Throwable failure) {
		String message = String.valueOf(failure.getMessage());
		if (message.length() > MAX_CAUSE_LENGTH) {
			message = message.substring(0, MAX_CAUSE_LENGTH) + "...";
		}
		return failure.getClass().getName() + ": " + message;
	}

}
