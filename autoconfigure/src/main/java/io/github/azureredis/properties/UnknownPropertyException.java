package io.github.azureredis.properties;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A key under {@code azure.redis} is not a property of the starter.
 *
 * @author Azure Redis Cache contributors
 */
final class UnknownPropertyException extends RuntimeException {

	private final String property;

	private static final int MAX_NAMED = 5;

	private final @Nullable String suggestion;

	UnknownPropertyException(String property, @Nullable String origin, @Nullable String suggestion,
			List<String> others) {
		super("'" + property + "'" + ((origin != null) ? " (" + origin + ")" : "")
				+ " is not a property of the Azure Redis starter" + others(others) + ".");
		this.property = property;
		this.suggestion = suggestion;
	}

	// The keys only, never their values: a mistyped secret's key is safe to show, its value is not.
	private static String others(List<String> others) {
		if (others.isEmpty()) {
			return "";
		}
		List<String> named = others.subList(0, Math.min(others.size(), MAX_NAMED));
		String names = named.stream().map((name) -> "'" + name + "'").collect(Collectors.joining(", "));
		int more = others.size() - named.size();
		return ((others.size() == 1) ? ", nor is " : ", nor are ") + names
				+ ((more > 0) ? " and " + more + " more" : "") + " in the same source";
	}

	String property() {
		return this.property;
	}

	@Nullable String suggestion() {
		return this.suggestion;
	}

}
