package io.github.azureredis.values.json;

import io.github.azureredis.values.ClassAllowList;

/**
 * A class named in cached data, or about to be written into it, is not in the allow-list. Its message names the class
 * and what to do: extend the list with a property, or, for a JDK or Kotlin standard library class the cache does not
 * write (a view such as {@code subList}, an internal class), cache a copy.
 *
 * @author Azure Redis Cache contributors
 */
final class NotAllowedClassException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String className;

	NotAllowedClassException(String className, ClassAllowList allowList) {
		super("class " + className + " is not allowed: " + advice(className, allowList));
		this.className = className;
	}

	private static String advice(String className, ClassAllowList allowList) {
		if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")) {
			return "it is a JDK class the cache does not write: it writes the JDK's value types, collections, "
					+ "java.time and value enums such as TimeUnit, not views, wrappers or internal classes. For a view "
					+ "or wrapper, cache a copy, such as new ArrayList<>(list), List.copyOf(list) or new HashMap<>(map); "
					+ "for another JDK type, a value of your own that holds what you need of it";
		}
		if (className.startsWith("kotlin.")) {
			return "it is a class of Kotlin's standard library the cache does not write: with "
					+ "jackson-module-kotlin on the class path, it writes Pair, Triple, IntRange, LongRange, CharRange, "
					+ "kotlin.time.Duration, the unsigned numbers and the collections of emptyList(), listOf(), "
					+ "buildList { } and their set and map kin. For another, cache a copy, such as list.toList() or "
					+ "HashMap(map), or a data class of your own holding what you need of it";
		}
		return "its package is not in azure.redis.cache.allowed-packages " + allowList.packages()
				+ ". Add the package to azure.redis.cache.allowed-packages";
	}

	/** @return the class that is not allowed */
	String className() {
		return this.className;
	}

}
