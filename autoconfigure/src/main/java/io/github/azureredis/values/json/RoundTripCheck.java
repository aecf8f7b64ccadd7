package io.github.azureredis.values.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.azureredis.values.ClassAllowList;
import io.github.azureredis.values.UncacheableValueException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.serializer.SerializationException;

/**
 * Checks that a value reads back from its JSON as it was: the copy read back writes the same JSON (the same classes
 * wherever the JSON names them, the same state), and is {@code equals} to the value where {@code equals} compares
 * state. Run on the first write of each class, so that a class Jackson cannot write faithfully is never cached,
 * rather than cached and read back as a wrong object or not at all.
 * <p>
 * Two copies read from the same JSON tell whether {@code equals} compares state: when they are not equal to each
 * other (a class without {@code equals}, somewhere inside), only the JSON comparison counts; when they are, a copy
 * that differs from the value lost something the JSON does not show (a time zone written as an offset, say).
 *
 * @author Azure Redis Cache contributors
 */
final class RoundTripCheck {

	private static final String JDK_SERIALIZATION = "or set azure.redis.cache.serialization=jdk for Serializable "
			+ "values.";

	private static final String ADVICE_READ = "Give it a constructor Jackson can use (make it a record, add a "
			+ "no-argument constructor, compile with -parameters or annotate one with @JsonCreator), "
			+ JDK_SERIALIZATION;

	private static final String ADVICE_DIFFERENT = "Make it a record, or make the state it lost visible to Jackson "
			+ "(fields are written, getters are not; mark what is not state transient or @JsonIgnore), "
			+ JDK_SERIALIZATION;

	// Kotlin compiles parameter names in, and a Kotlin class has no record form: -parameters and records do not help.
	private static final String KOTLIN_ADVICE_READ = "Give it a constructor Jackson can use (a primary constructor "
			+ "whose parameters are its properties, val or var, as in a data class, or one annotated with "
			+ "@JsonCreator), " + JDK_SERIALIZATION;

	private static final String KOTLIN_ADVICE_DIFFERENT = "Make it a data class, or make the state it lost visible "
			+ "to Jackson (fields are written; properties without a backing field, get() = ..., are not; mark what is "
			+ "not state @Transient or @JsonIgnore), " + JDK_SERIALIZATION;

	private final JsonMapper mapper;

	private final ClassAllowList allowList;

	private final ClassLoader classLoader;

	private final boolean kotlinModule;

	private final Map<String, Boolean> setClasses = new ConcurrentHashMap<>();

	/**
	 * Creates a check.
	 * @param mapper the mapper of cached values
	 * @param allowList the classes cached values may name
	 * @param classLoader the class loader of the application's classes
	 * @param kotlinModule whether the mapper has Jackson's Kotlin module, without which no Kotlin class is cached
	 */
	RoundTripCheck(JsonMapper mapper, ClassAllowList allowList, ClassLoader classLoader, boolean kotlinModule) {
		this.mapper = mapper;
		this.allowList = allowList;
		this.classLoader = classLoader;
		this.kotlinModule = kotlinModule;
	}

	/**
	 * Checks a value against its JSON.
	 * @param value the value
	 * @param json the value's JSON
	 * @param newClasses the classes it holds that were not checked before
	 * @param read reads JSON back
	 * @param write writes a value as JSON
	 * @throws UncacheableValueException if the value does not read back as it was
	 */
	void verify(Object value, byte[] json, List<Class<?>> newClasses, Function<byte[], @Nullable Object> read,
			Function<Object, byte[]> write) {
		List<String> classes = newClasses.stream().map(Class::getName).toList();
		List<String> kotlinClasses = newClasses.stream().filter(KotlinValues::isKotlin).map(Class::getName).toList();
		if (!this.kotlinModule && !kotlinClasses.isEmpty()) {
			throw notFaithful(value, classes, KotlinValues.moduleMissing(kotlinClasses), null);
		}
		boolean kotlin = newClasses.stream().anyMatch(KotlinValues::isApplicationKotlin);
		String adviceRead = kotlin ? KOTLIN_ADVICE_READ : ADVICE_READ;
		String adviceDifferent = kotlin ? KOTLIN_ADVICE_DIFFERENT : ADVICE_DIFFERENT;
		Object copy;
		byte[] again;
		try {
			copy = read.apply(json);
			again = (copy != null) ? write.apply(copy) : new byte[0];
		}
		catch (SerializationException ex) {
			throw notFaithful(value, classes,
					"it cannot be read back from JSON (" + ex.getMessage() + "). " + adviceRead, ex);
		}
		if (copy == null) {
			throw notFaithful(value, classes, "it reads back as null. " + adviceRead, null);
		}
		if (!Arrays.equals(json, again)) {
			String difference = difference(this.mapper.readTree(json), this.mapper.readTree(again), "$");
			if (difference != null) {
				throw notFaithful(value, classes, "it reads back different from what was written (at " + difference
						+ "). " + adviceDifferent, null);
			}
		}
		if (!value.equals(copy) && copy.equals(read.apply(json))) {
			throw notFaithful(value, classes, "it reads back as a value that its equals method finds different. "
					+ adviceDifferent, null);
		}
	}

	private static UncacheableValueException notFaithful(Object value, List<String> classes, String reason,
			@Nullable Throwable cause) {
		String root = value.getClass().getName();
		List<String> others = classes.stream().filter((name) -> !name.equals(root)).toList();
		String holding = others.isEmpty() ? "" : " holding " + String.join(", ", others);
		return new UncacheableValueException(UncacheableValueException.Reason.NOT_FAITHFUL, root, classes,
				"values of class " + value.getClass().getTypeName() + holding + " are not cached: " + reason, cause);
	}

	/**
	 * Where two JSON trees differ, or {@code null} if they hold the same: objects compare by property name, sets
	 * (an array after a type id naming a {@code Set}) whatever their order, other arrays in order. Only the path is
	 * reported: cached data may be personal.
	 */
	private @Nullable String difference(JsonNode a, JsonNode b, String path) {
		if (a.isObject() && b.isObject()) {
			if (!new HashSet<>(a.propertyNames()).equals(new HashSet<>(b.propertyNames()))) {
				return path;
			}
			for (String name : a.propertyNames()) {
				String difference = difference(a.get(name), b.get(name), path + "." + name);
				if (difference != null) {
					return difference;
				}
			}
			return null;
		}
		if (a.isArray() && b.isArray()) {
			if (a.size() != b.size()) {
				return path;
			}
			if (isTypedSet(a) && a.get(0).equals(b.get(0))) {
				return sameElements(a.get(1), b.get(1)) ? null : path;
			}
			for (int i = 0; i < a.size(); i++) {
				String difference = difference(a.get(i), b.get(i), path + "[" + i + "]");
				if (difference != null) {
					return difference;
				}
			}
			return null;
		}
		return a.equals(b) ? null : path;
	}

	private boolean sameElements(JsonNode a, JsonNode b) {
		if (a.size() != b.size()) {
			return false;
		}
		List<JsonNode> unmatched = new ArrayList<>();
		b.forEach(unmatched::add);
		for (JsonNode element : a) {
			Iterator<JsonNode> candidates = unmatched.iterator();
			boolean found = false;
			while (!found && candidates.hasNext()) {
				if (difference(element, candidates.next(), "") == null) {
					candidates.remove();
					found = true;
				}
			}
			if (!found) {
				return false;
			}
		}
		return true;
	}

	private boolean isTypedSet(JsonNode array) {
		return array.size() == 2 && array.get(0).isString() && array.get(1).isArray()
				&& isSet(array.get(0).stringValue());
	}

	private boolean isSet(String type) {
		int generic = type.indexOf('<');
		String name = (generic > 0) ? type.substring(0, generic) : type;
		return this.setClasses.computeIfAbsent(name, this::loadedSetClass);
	}

	// Names come from JSON this instance just wrote, so their classes are loaded already; still, only allowed ones.
	private boolean loadedSetClass(String name) {
		if (!this.allowList.allows(name)) {
			return false;
		}
		try {
			return Set.class.isAssignableFrom(Class.forName(name, false, this.classLoader));
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
