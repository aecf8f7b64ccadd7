package io.github.azureredis.values.json;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields of a {@code Map} or {@code Collection} subclass that Jackson would not write: it writes such a class as
 * its entries or elements only, so an {@code owner} field of a {@code class OwnedMap extends LinkedHashMap} is lost,
 * and comes back {@code null} without a sign when the class has no {@code equals} that compares it.
 *
 * @author Azure Redis Cache contributors
 */
final class UnwrittenFields {

	private static final ClassValue<List<String>> FIELDS = new ClassValue<>() {

		@Override
		protected List<String> computeValue(Class<?> type) {
			if (!Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type)) {
				return List.of();
			}
			List<String> fields = new ArrayList<>();
			for (Class<?> current = type; current != null && !isStandardLibrary(current);
					current = current.getSuperclass()) {
				for (Field field : current.getDeclaredFields()) {
					int modifiers = field.getModifiers();
					if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()) {
						fields.add(field.getName());
					}
				}
			}
			return List.copyOf(fields);
		}

	};

	private UnwrittenFields() {
	}

	/**
	 * The fields Jackson would not write of a class.
	 * @param type a class
	 * @return its fields that would be lost, empty when none would
	 */
	static List<String> of(Class<?> type) {
		return FIELDS.get(type);
	}

	// The JDK's and Kotlin's own collections are their elements: their fields are how they hold them.
	private static boolean isStandardLibrary(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("kotlin.");
	}

}
