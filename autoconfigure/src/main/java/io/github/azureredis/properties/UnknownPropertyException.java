package io.github.azureredis.properties;

import org.jspecify.annotations.Nullable;

/**
 * A key under {@code azure.redis} is not a property of the starter.
 *
 * @author Azure Redis Cache contributors
 */
final class UnknownPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable String suggestion;

	UnknownPropertyException(String property, @Nullable String origin, @Nullable String suggestion, int others) {
		super("'" + property + "'" + ((origin != null) ? " (" + origin + ")" : "")
				+ " is not a property of the Azure Redis starter" + ((others > 0) ? ", nor are " + others
						+ " other key" + ((others > 1) ? "s" : "") + " under azure.redis in the same source" : "")
				+ ".");
		this.property = property;
		this.suggestion = suggestion;
	}

	String property() {
		return this.property;
	}

	@Nullable String suggestion() {
		return this.suggestion;
	}

}
