package io.github.azureredis.cache;

/**
 * A class named in cached data, or about to be written into it, is not in the allow-list. Its message names the class
 * and the property that extends the list.
 *
 * @author Azure Redis Cache contributors
 */
final class NotAllowedClassException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String className;

	NotAllowedClassException(String className, ClassAllowList allowList) {
		super("class " + className + " is not allowed: its package is not in azure.redis.cache.allowed-packages "
				+ allowList.packages());
		this.className = className;
	}

	/** @return the class that is not allowed */
	String className() {
		return this.className;
	}

}
