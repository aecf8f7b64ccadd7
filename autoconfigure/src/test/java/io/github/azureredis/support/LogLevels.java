package io.github.azureredis.support;

import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Raises log levels for the duration of a test, so that tests can check what is written at DEBUG.
 */
public final class LogLevels implements AutoCloseable {

	private final Map<Logger, Level> previous = new LinkedHashMap<>();

	private LogLevels(Level level, String... loggers) {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		for (String name : loggers) {
			Logger logger = context.getLogger(name);
			this.previous.put(logger, logger.getLevel());
			logger.setLevel(level);
		}
	}

	/**
	 * Sets the loggers to DEBUG until closed.
	 * @param loggers logger names
	 * @return the handle that restores the levels
	 */
	public static LogLevels debug(String... loggers) {
		return new LogLevels(Level.DEBUG, loggers);
	}

	@Override
	public void close() {
		this.previous.forEach(Logger::setLevel);
	}

}
