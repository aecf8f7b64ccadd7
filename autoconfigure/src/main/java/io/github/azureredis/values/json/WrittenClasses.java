package io.github.azureredis.values.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes whose JSON form was checked to read back as written, and those a write on this thread named that were
 * not: a value whose classes were all checked before is written without a new check.
 *
 * @author Azure Redis Cache contributors
 */
final class WrittenClasses {

	private final Set<Class<?>> verified = ConcurrentHashMap.newKeySet();

	private final ThreadLocal<List<Class<?>>> unverified = ThreadLocal.withInitial(ArrayList::new);

	/** Starts recording the classes a write on this thread names. */
	void start() {
		this.unverified.get().clear();
	}

	/**
	 * Records a class named in the value being written on this thread.
	 * @param type the class
	 */
	void written(Class<?> type) {
		if (!this.verified.contains(type)) {
			List<Class<?>> classes = this.unverified.get();
			if (!classes.contains(type)) {
				classes.add(type);
			}
		}
	}

	/** @return the unverified classes named since {@link #start()} on this thread */
	List<Class<?>> unverified() {
		return List.copyOf(this.unverified.get());
	}

	/**
	 * Marks classes as checked.
	 * @param classes the classes
	 */
	void verified(List<Class<?>> classes) {
		this.verified.addAll(classes);
	}

}
