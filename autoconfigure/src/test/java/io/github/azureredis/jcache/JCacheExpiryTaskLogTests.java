package io.github.azureredis.jcache;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.azureredis.values.WarningInterval;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisResponseTimeoutException;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failed runs of Redisson's JCache expiry task become one warning per interval; nothing else is touched. The
 * events are logged as Redisson 4.6's {@code EvictionTask} logs them ({@code RedisStallTests} holds the real task).
 */
class JCacheExpiryTaskLogTests {

	private static final String FAILED_RUN = "Unable to evict elements for '{}'";

	private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

	private final Logger task = this.context.getLogger(JCacheExpiryTaskLog.TASK_LOGGER);

	private final Logger ours = this.context.getLogger(JCacheExpiryTaskLog.class);

	private final ListAppender<ILoggingEvent> taskEvents = new ListAppender<>();

	private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

	private final AtomicLong nanoTime = new AtomicLong();

	private final JCacheExpiryTaskLog filter = new JCacheExpiryTaskLog(
			new WarningInterval(Duration.ofMinutes(1), this.nanoTime::get));

	private Level taskLevel;

	@BeforeEach
	void install() {
		this.taskLevel = this.task.getLevel();
		this.task.setLevel(Level.INFO);
		this.taskEvents.start();
		this.warnings.start();
		this.task.addAppender(this.taskEvents);
		this.ours.addAppender(this.warnings);
		this.filter.afterPropertiesSet();
	}

	@AfterEach
	void uninstall() {
		this.filter.destroy();
		this.task.detachAppender(this.taskEvents);
		this.ours.detachAppender(this.warnings);
		this.task.setLevel(this.taskLevel);
	}

	@Test
	void failedRunsBecomeOneWarningPerIntervalWithTheirCountAndCause() {
		this.task.error(FAILED_RUN, "books", timeout());
		this.task.error(FAILED_RUN, "authors", timeout());
		this.task.error(FAILED_RUN, "books", timeout());
		assertThat(this.taskEvents.list).as("Redisson's errors").isEmpty();
		assertThat(this.warnings.list).singleElement().satisfies((warning) -> {
			assertThat(warning.getLevel()).isEqualTo(Level.WARN);
			assertThat(warning.getThrowableProxy()).as("a stack trace").isNull();
			assertThat(warning.getFormattedMessage()).isEqualTo("Redisson's JCache expiry task could not remove the "
					+ "expired entries of 'books' (1 failed runs of JCache expiry tasks in the last interval; they "
					+ "keep trying, and expired entries stay in Redis until they succeed): "
					+ "org.redisson.client.RedisResponseTimeoutException: Redis server response timeout (500 ms) "
					+ "occurred after 1 of 1 retry attempts");
		});
		this.nanoTime.addAndGet(Duration.ofMinutes(1).toNanos());
		this.task.error(FAILED_RUN, "publishers", timeout());
		assertThat(this.warnings.list).hasSize(2);
		assertThat(this.warnings.list.get(1).getFormattedMessage())
			.startsWith("Redisson's JCache expiry task could not remove the expired entries of 'publishers' "
					+ "(3 failed runs of JCache expiry tasks in the last interval;");
		assertThat(this.filter.failedRuns()).isEqualTo(4);
	}

	@Test
	void aLongCauseIsCutShort() {
		this.task.error(FAILED_RUN, "books", new RedisResponseTimeoutException("x".repeat(500)));
		assertThat(this.warnings.list).singleElement()
			.satisfies((warning) -> assertThat(warning.getFormattedMessage())
				.endsWith("RedisResponseTimeoutException: " + "x".repeat(200) + "..."));
	}

	@Test
	void aWrappedFailureIsShownWithItsRootCause() {
		this.task.error(FAILED_RUN, "books", new RedisException("Unexpected exception while processing command",
				new RedisConnectionException("Unable to connect to Redis server", new ConnectException("refused"))));
		assertThat(this.warnings.list).singleElement()
			.satisfies((warning) -> assertThat(warning.getFormattedMessage()).endsWith(
					"until they succeed): org.redisson.client.RedisException: Unexpected exception while processing "
							+ "command (cause: java.net.ConnectException: refused)"));
	}

	@Test
	void otherEventsAreLeftAlone() {
		this.task.error("Something else for '{}'", "books", timeout());
		this.task.warn(FAILED_RUN, "books", timeout());
		this.context.getLogger("org.redisson.eviction.MapCacheEvictionTask").error(FAILED_RUN, "map", timeout());
		assertThat(this.taskEvents.list).extracting(ILoggingEvent::getMessage)
			.containsExactly("Something else for '{}'", FAILED_RUN);
		assertThat(this.warnings.list).isEmpty();
		assertThat(this.filter.failedRuns()).isZero();
	}

	@Test
	void redissonsLoggerTurnedOffLogsNothing() {
		this.task.setLevel(Level.OFF);
		this.task.error(FAILED_RUN, "books", timeout());
		assertThat(this.taskEvents.list).isEmpty();
		assertThat(this.warnings.list).isEmpty();
	}

	@Test
	void onceDestroyedRedissonsErrorsAreLoggedAsTheyAre() {
		this.filter.destroy();
		this.task.error(FAILED_RUN, "books", timeout());
		assertThat(this.taskEvents.list).singleElement()
			.satisfies((event) -> assertThat(event.getLevel()).isEqualTo(Level.ERROR));
		assertThat(this.warnings.list).isEmpty();
		assertThat(this.context.getTurboFilterList()).doesNotContain(this.filter);
	}

	private static RedisResponseTimeoutException timeout() {
		return new RedisResponseTimeoutException("Redis server response timeout (500 ms) occurred after 1 of 1 retry "
				+ "attempts");
	}

}
