package io.github.azureredis.cache;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.Collection;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.github.azureredis.values.ClassAllowList;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.NullValue;

/**
 * Tells whether a value read from Redis can be handed to every caller as the same instance: nothing reachable from
 * it can be changed. Records of strings, numbers, {@code java.time} values, enums and immutable collections of such
 * qualify; an {@code ArrayList}, an array or a class with setters do not. The near cache shares the values that
 * qualify and gives every caller its own copy of the others, so that one caller cannot change what another gets.
 *
 * @author Azure Redis Cache contributors
 */
final class ImmutableValues {

	private static final int MAX_DEPTH = 16;

	private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, Boolean.class, Byte.class, Short.class,
			Integer.class, Long.class, Float.class, Double.class, Character.class, BigDecimal.class, BigInteger.class,
			UUID.class, Locale.class, Currency.class, URI.class, NullValue.class);

	private static final ClassValue<Method @Nullable []> RECORD_ACCESSORS = new ClassValue<>() {

		@Override
		protected Method @Nullable [] computeValue(Class<?> type) {
			RecordComponent[] components = type.getRecordComponents();
			Method[] accessors = new Method[components.length];
			try {
				for (int i = 0; i < components.length; i++) {
					accessors[i] = components[i].getAccessor();
					accessors[i].setAccessible(true);
				}
			}
			catch (RuntimeException ex) {
				return null;
			}
			return accessors;
		}

	};

	private ImmutableValues() {
	}

	/**
	 * Whether nothing reachable from a value can be changed.
	 * @param value a value read from the cache
	 * @return {@code true} if it can be shared
	 */
	static boolean isImmutable(@Nullable Object value) {
		return isImmutable(value, 0);
	}

	private static boolean isImmutable(@Nullable Object value, int depth) {
		if (value == null) {
			return true;
		}
		if (depth > MAX_DEPTH) {
			return false;
		}
		Class<?> type = value.getClass();
		if (VALUE_TYPES.contains(type) || type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum())
				|| isJavaTime(type)) {
			return true;
		}
		if (value instanceof Optional<?> optional) {
			return isImmutable(optional.orElse(null), depth + 1);
		}
		if (type.isRecord()) {
			return componentsImmutable(value, depth);
		}
		if (isUnmodifiable(type)) {
			if (value instanceof Collection<?> collection) {
				return collection.stream().allMatch((element) -> isImmutable(element, depth + 1));
			}
			if (value instanceof Map<?, ?> map) {
				return map.entrySet()
					.stream()
					.allMatch((entry) -> isImmutable(entry.getKey(), depth + 1)
							&& isImmutable(entry.getValue(), depth + 1));
			}
		}
		return false;
	}

	private static boolean componentsImmutable(Object record, int depth) {
		Method[] accessors = RECORD_ACCESSORS.get(record.getClass());
		if (accessors == null) {
			return false;
		}
		try {
			for (Method accessor : accessors) {
				if (!isImmutable(accessor.invoke(record), depth + 1)) {
					return false;
				}
			}
			return true;
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			return false;
		}
	}

	// java.time's value classes are immutable; its zone rules and clocks are not values one caches.
	private static boolean isJavaTime(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.time.") && name.indexOf('.', "java.time.".length()) < 0;
	}

	private static boolean isUnmodifiable(Class<?> type) {
		String name = type.getName();
		for (String prefix : ClassAllowList.JDK_UNMODIFIABLE_COLLECTIONS) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
