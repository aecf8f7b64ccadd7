package io.github.azureredis.outside;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gadget classes of this package that were loaded and initialized, which must not happen.
 */
public final class Loaded {

	private static final Set<String> CLASSES = ConcurrentHashMap.newKeySet();

	private Loaded() {
	}

	static void record(Class<?> type) {
		CLASSES.add(type.getSimpleName());
	}

	static void record(String what) {
		CLASSES.add(what);
	}

	/** @return the simple names of the classes loaded so far, and the {@code readObject} methods that ran */
	public static Set<String> classes() {
		return Set.copyOf(CLASSES);
	}

}
