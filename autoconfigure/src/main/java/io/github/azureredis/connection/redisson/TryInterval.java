package io.github.azureredis.connection.redisson;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one attempt at Redis through per interval, whichever threads ask, while a fault keeps the others from
 * trying: the refusal of the identity ({@link RedisAccess}) and a silent Redis ({@link RedisSilence}). Times are
 * {@link System#nanoTime()}'s.
 *
 * @author Azure Redis Cache contributors
 */
final class TryInterval {

	private final long intervalNanos;

	private final AtomicLong next = new AtomicLong();

	TryInterval(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * A fault was found now: the next attempt waits a whole interval.
	 * @param now the time now
	 */
	void restart(long now) {
		this.next.set(now + this.intervalNanos);
	}

	/**
	 * Whether an attempt may go now; if so, the next one waits a whole interval.
	 * @param now the time now
	 * @return whether this caller's attempt is the interval's
	 */
	boolean due(long now) {
		long due = this.next.get();
		return now - due >= 0 && this.next.compareAndSet(due, now + this.intervalNanos);
	}

}
