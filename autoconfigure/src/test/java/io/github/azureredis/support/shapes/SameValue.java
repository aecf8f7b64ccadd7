package io.github.azureredis.support.shapes;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.domain.Slice;

/**
 * Compares a value read from a cache with the value that was put: equal, and of the same class at every level
 * (elements of collections and arrays, map keys and values, record components and fields), so that a
 * {@code LinkedHashMap} standing in for a record, a {@code String} key for a {@code Long} or an {@code ArrayList}
 * for a {@code List.of} is found where it hides.
 */
public final class SameValue {

	private SameValue() {
	}

	/**
	 * Where the two values differ, or {@code null} if they do not.
	 * @param expected the value that was put
	 * @param actual the value read back
	 * @return a description of the first difference, or {@code null}
	 */
	public static String difference(Object expected, Object actual) {
		return difference(expected, actual, "$", 0);
	}

	private static String difference(Object expected, Object actual, String path, int depth) {
		if (expected == null || actual == null) {
			return (expected == actual) ? null : path + ": " + describe(expected) + " vs " + describe(actual);
		}
		if (expected.getClass() != actual.getClass()) {
			return path + ": class " + expected.getClass().getName() + " came back as " + actual.getClass().getName();
		}
		if (depth > 20) {
			return null;
		}
		if (expected.getClass().isArray()) {
			int length = Array.getLength(expected);
			if (length != Array.getLength(actual)) {
				return path + ": array length " + length + " vs " + Array.getLength(actual);
			}
			for (int i = 0; i < length; i++) {
				String difference = difference(Array.get(expected, i), Array.get(actual, i), path + "[" + i + "]", depth + 1);
				if (difference != null) {
					return difference;
				}
			}
			return null;
		}
		if (expected instanceof Slice<?> slice) {
			Slice<?> other = (Slice<?>) actual;
			if (!Objects.equals(slice.getPageable(), other.getPageable())) {
				return path + ".pageable: " + slice.getPageable() + " vs " + other.getPageable();
			}
			String difference = difference(new ArrayList<>(slice.getContent()), new ArrayList<>(other.getContent()),
					path + ".content", depth + 1);
			return (difference != null) ? difference : equality(expected, actual, path);
		}
		if (expected instanceof Set<?> set) {
			String equality = equality(expected, actual, path);
			if (equality != null) {
				return equality;
			}
			for (Object element : set) {
				Object match = find((Set<?>) actual, element);
				String difference = difference(element, match, path + "{" + element + "}", depth + 1);
				if (difference != null) {
					return difference;
				}
			}
			return null;
		}
		if (expected instanceof Collection<?> collection) {
			Collection<?> other = (Collection<?>) actual;
			if (collection.size() != other.size()) {
				return path + ": size " + collection.size() + " vs " + other.size();
			}
			Iterator<?> others = other.iterator();
			int i = 0;
			for (Object element : collection) {
				String difference = difference(element, others.next(), path + "[" + i++ + "]", depth + 1);
				if (difference != null) {
					return difference;
				}
			}
			return equality(expected, actual, path);
		}
		if (expected instanceof Map<?, ?> map) {
			Map<?, ?> other = (Map<?, ?>) actual;
			if (map.size() != other.size()) {
				return path + ": size " + map.size() + " vs " + other.size();
			}
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				Object key = find(other.keySet(), entry.getKey());
				String difference = difference(entry.getKey(), key, path + ".key(" + entry.getKey() + ")", depth + 1);
				if (difference == null) {
					difference = difference(entry.getValue(), other.get(key), path + "[" + entry.getKey() + "]",
							depth + 1);
				}
				if (difference != null) {
					return difference;
				}
			}
			return equality(expected, actual, path);
		}
		if (expected instanceof Optional<?> optional) {
			return difference(optional.orElse(null), ((Optional<?>) actual).orElse(null), path + ".get()", depth + 1);
		}
		if (expected.getClass().isRecord()) {
			for (RecordComponent component : expected.getClass().getRecordComponents()) {
				try {
					component.getAccessor().setAccessible(true);
					String difference = difference(component.getAccessor().invoke(expected),
							component.getAccessor().invoke(actual), path + "." + component.getName(), depth + 1);
					if (difference != null) {
						return difference;
					}
				}
				catch (ReflectiveOperationException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return equality(expected, actual, path);
		}
		if (isJdkOrEnum(expected.getClass())) {
			return equality(expected, actual, path);
		}
		for (Class<?> type = expected.getClass(); type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers())) {
					continue;
				}
				try {
					field.setAccessible(true);
					String difference = difference(field.get(expected), field.get(actual),
							path + "." + field.getName(), depth + 1);
					if (difference != null) {
						return difference;
					}
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		return equality(expected, actual, path);
	}

	private static boolean isJdkOrEnum(Class<?> type) {
		return type.getName().startsWith("java.") || type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum());
	}

	private static String equality(Object expected, Object actual, String path) {
		if (expected.getClass().isArray()) {
			return null;
		}
		return expected.equals(actual) ? null : path + ": " + describe(expected) + " is not equal to " + describe(actual);
	}

	private static Object find(Collection<?> candidates, Object wanted) {
		List<Object> matches = new ArrayList<>();
		for (Object candidate : candidates) {
			if (Objects.equals(candidate, wanted)) {
				matches.add(candidate);
			}
		}
		return matches.isEmpty() ? null : matches.get(0);
	}

	private static String describe(Object value) {
		return (value != null) ? value.getClass().getName() + " " + value : "null";
	}

}
