package io.github.azureredis.sample;

import org.springframework.stereotype.Component;

/**
 * Tells, per request thread, whether a cached method's body ran (a miss) or the cache answered (a hit).
 *
 * @author Azure Redis Cache contributors
 */
@Component
public class CacheTrace {

	private final ThreadLocal<Boolean> methodRan = ThreadLocal.withInitial(() -> false);

	void methodRan() {
		this.methodRan.set(true);
	}

	void reset() {
		this.methodRan.set(false);
	}

	boolean wasHit() {
		return !this.methodRan.get();
	}

}
