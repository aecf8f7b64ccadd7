package io.github.azureredis.connection.redisson;

import java.util.function.Predicate;

/**
 * Looks through a failure's causes: Redisson, its JCache and the starter wrap what Redis answered, so the exception
 * that tells what happened is often a cause of the one thrown.
 *
 * @author Azure Redis Cache contributors
 */
final class Causes {

	private Causes() {
	}

	/**
	 * Whether the failure or one of its causes matches.
	 * @param failure the failure
	 * @param test what to look for
	 * @return whether one matches
	 */
	static boolean anyMatch(Throwable failure, Predicate<Throwable> test) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (test.test(cause)) {
				return true;
			}
		}
		return false;
	}

}
