package io.github.azureredis.values;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a repeated warning through at most once per interval, whichever threads raise it: a failure on every call
 * must not flood the log. Shared by the starter's cache packages; not an API.
 *
 * @author Azure Redis Cache contributors
 */
public final class WarningInterval {

	private final long intervalNanos;

	private final AtomicLong lastWarning;

	/**
	 * Creates an interval.
	 * @param interval the shortest time between two warnings
	 */
	public WarningInterval(Duration interval) {
		this.intervalNanos = interval.toNanos();
		this.lastWarning = new AtomicLong(System.nanoTime() - this.intervalNanos);
	}

	/** @return whether to log the warning now; if so, the next one waits a whole interval */
	public boolean due() {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		return now - last >= this.intervalNanos && this.lastWarning.compareAndSet(last, now);
	}

}
