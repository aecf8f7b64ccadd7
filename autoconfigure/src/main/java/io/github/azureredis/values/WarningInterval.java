package io.github.azureredis.values;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets a repeated warning through at most once per interval, whichever threads raise it: a failure on every call
 * must not flood the log. Shared by the starter's cache packages; not an API.
 *
 * @author Azure Redis Cache contributors
 */
public final class WarningInterval {

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private final AtomicLong lastWarning;

	/**
	 * Creates an interval.
	 * @param interval the shortest time between two warnings
	 */
	public WarningInterval(Duration interval) {
		this(interval, System::nanoTime);
	}

	/**
	 * Creates an interval on a clock of its own (for tests).
	 * @param interval the shortest time between two warnings
	 * @param nanoTime the clock, as {@link System#nanoTime()}
	 */
	public WarningInterval(Duration interval, LongSupplier nanoTime) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
		this.lastWarning = new AtomicLong(nanoTime.getAsLong() - this.intervalNanos);
	}

	/** @return whether to log the warning now; if so, the next one waits a whole interval */
	public boolean due() {
		long now = this.nanoTime.getAsLong();
		long last = this.lastWarning.get();
		return now - last >= this.intervalNanos && this.lastWarning.compareAndSet(last, now);
	}

}
