package io.github.azureredis.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.azureredis.values.WarningInterval;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheErrorHandler;

/**
 * A {@link CacheErrorHandler} that logs cache errors and carries on: a failed read counts as a miss (the method
 * runs), a failed write or eviction is skipped. A cache outage slows the application instead of failing it.
 * Warnings are logged at most once per interval per operation, with the number of errors since; the full stack
 * trace is logged at DEBUG.
 *
 * @author Azure Redis Cache contributors
 */
public class FailOpenCacheErrorHandler implements CacheErrorHandler {

	private static final Logger logger = LoggerFactory.getLogger(FailOpenCacheErrorHandler.class);

	private final AtomicLong errors = new AtomicLong();

	private final WarningInterval warnings = new WarningInterval(Duration.ofSeconds(10));

	private final AtomicLong errorsSinceWarning = new AtomicLong();

	@Override
	public void handleCacheGetError(RuntimeException exception, Cache cache, Object key) {
		handle("read from", cache, exception);
	}

	@Override
	public void handleCachePutError(RuntimeException exception, Cache cache, Object key, @Nullable Object value) {
		handle("write to", cache, exception);
	}

	@Override
	public void handleCacheEvictError(RuntimeException exception, Cache cache, Object key) {
		handle("evict from", cache, exception);
	}

	@Override
	public void handleCacheClearError(RuntimeException exception, Cache cache) {
		handle("clear", cache, exception);
	}

	/** @return cache errors handled since start-up */
	public long errorCount() {
		return this.errors.get();
	}

	private void handle(String operation, Cache cache, RuntimeException exception) {
		this.errors.incrementAndGet();
		long since = this.errorsSinceWarning.incrementAndGet();
		if (this.warnings.due()) {
			this.errorsSinceWarning.addAndGet(-since);
			logger.warn("Could not {} cache '{}' ({} cache errors in the last interval), continuing without the cache "
					+ "(azure.redis.cache.fail-open): {}", operation, cache.getName(), since, exception.toString());
		}
		logger.debug("Cache error ignored (azure.redis.cache.fail-open)", exception);
	}

}
