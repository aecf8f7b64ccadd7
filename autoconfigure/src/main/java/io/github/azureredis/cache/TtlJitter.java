package io.github.azureredis.cache;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.cache.RedisCacheWriter.TtlFunction;

/**
 * A time to live shortened by a random amount, so that entries written together do not expire together: each entry
 * lives between its time to live less the jitter and its time to live, never longer. Spring Data's
 * {@link TtlFunction} gives an entry's time to live but no spread. The jitter is at most half of an entry's time to
 * live (settings checked at start-up refuse more; a time to live of the application's function is spread by at most
 * its half), and an entry without expiry keeps none.
 *
 * @author Azure Redis Cache contributors
 */
final class TtlJitter implements TtlFunction {

	private final TtlFunction timeToLive;

	private final long jitterMillis;

	TtlJitter(TtlFunction timeToLive, Duration jitter) {
		this.timeToLive = timeToLive;
		this.jitterMillis = jitter.toMillis();
	}

	/** @return the time to live before the spread */
	TtlFunction unspread() {
		return this.timeToLive;
	}

	@Override
	public Duration getTimeToLive(Object key, @Nullable Object value) {
		Duration full = this.timeToLive.getTimeToLive(key, value);
		long millis = full.toMillis();
		if (millis <= 1) {
			return full;
		}
		long spread = Math.min(this.jitterMillis, millis / 2);
		return full.minusMillis(ThreadLocalRandom.current().nextLong(spread + 1));
	}

}
