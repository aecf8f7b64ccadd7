package io.github.azureredis.values;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import io.github.azureredis.values.UncacheableValueException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values a cache manager's caches did not store, by cache and reason, with one warning per reason, value class
 * and classes at fault (later ones at DEBUG): a class that cannot be cached is noticed once, without flooding the log
 * on every call. Writes refused by a full Redis are warned at most once a minute.
 *
 * @author Azure Redis Cache contributors
 */
public final class UncacheableValues {

	private static final Logger logger = LoggerFactory.getLogger(UncacheableValues.class);

	private final CountsByCache<Reason> counts = new CountsByCache<>();

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	private final WarningInterval redisFullWarnings = new WarningInterval(Duration.ofMinutes(1));

	private final WarningInterval failedFillWarnings = new WarningInterval(Duration.ofSeconds(10));

	/**
	 * Records a value that was not cached, and says why.
	 * @param cacheName the cache
	 * @param ex why it was not cached
	 */
	public void record(String cacheName, UncacheableValueException ex) {
		this.counts.increment(cacheName, ex.getReason());
		// Once per value class and classes at fault: a list of one bad class does not hide a list of another. A full
		// Redis is a state that comes and goes, whatever the value: once a minute.
		boolean warn = (ex.getReason() == Reason.REDIS_FULL) ? this.redisFullWarnings.due()
				: this.warned.add(ex.getReason() + " " + ex.getValueClass() + " " + new TreeSet<>(ex.getClasses()));
		if (warn) {
			logger.warn("Not caching a value in cache '{}': {}", cacheName, ex.getMessage());
		}
		else {
			logger.debug("Not caching a value in cache '{}': {}", cacheName, ex.getMessage());
		}
	}

	/**
	 * Records the fill of a miss that Redis did not acknowledge after its caller had gone on: no caller is left to
	 * see the failure, so it is counted ({@link Reason#FILL_FAILED}) and warned of at most once per 10 s, with the
	 * stack trace at DEBUG.
	 * @param cacheName the cache
	 * @param failure why the write failed
	 */
	public void recordFailedFill(String cacheName, Throwable failure) {
		this.counts.increment(cacheName, Reason.FILL_FAILED);
		if (this.failedFillWarnings.due()) {
			logger.warn("Could not fill cache '{}' after a miss; the next miss of the key computes it again: {}",
					cacheName, failure.toString());
		}
		logger.debug("Cache fill failed", failure);
	}

	/**
	 * How many values a cache did not store for a reason.
	 * @param cacheName the cache
	 * @param reason the reason
	 * @return the count since start-up
	 */
	public long count(String cacheName, Reason reason) {
		return this.counts.count(cacheName, reason);
	}

	/**
	 * Registers a listener told of every cache and reason as they are first counted, and of those counted already.
	 * @param listener the listener
	 */
	public void onFirstCount(BiConsumer<String, Reason> listener) {
		this.counts.onFirstCount(listener);
	}

}
