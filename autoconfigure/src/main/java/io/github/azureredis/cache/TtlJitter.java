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

	/** @return the shortest time to live the spread gives an entry */
	TtlFunction shortest() {
		return (key, value) -> {
			Duration full = this.timeToLive.getTimeToLive(key, value);
			return full.minusMillis(spread(full));
		};
	}

	@Override
	public Duration getTimeToLive(Object key, @Nullable Object value) {
		Duration full = this.timeToLive.getTimeToLive(key, value);
		long spread = spread(full);
		return (spread > 0) ? full.minusMillis(ThreadLocalRandom.current().nextLong(spread + 1)) : full;
	}

	/** The most a time to live is shortened by: the jitter, at most half of it; none for a life of 1 ms or less. */
	private long spread(Duration full) {
		long millis = full.toMillis();
		return (millis <= 1) ? 0 : Math.min(this.jitterMillis, millis / 2);
	}

}
