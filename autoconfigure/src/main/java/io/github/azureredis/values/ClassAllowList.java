package io.github.azureredis.values;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The classes cached data may name, for the JSON format and Java serialization alike: the application's packages and
 * {@code azure.redis.cache.allowed-packages} (sub-packages included), classes allowed by name, and classes directly
 * under a name prefix (the JDK's {@code java.time.} or {@code java.util.ImmutableCollections$}, not their
 * sub-packages). Each format supplies its own names ({@code JsonClasses}, {@code JavaSerializationClasses}): they
 * name the JDK's classes in different forms. Names are checked as text, before anything is loaded, in every form
 * they take in cached data: binary names ({@code com.example.Outer$Inner}), array descriptors
 * ({@code [Lcom.example.Item;}, {@code [B}), canonical array names ({@code com.example.Item[]}), primitive names and
 * canonical generic types ({@code java.util.EnumSet<com.example.Color>}).
 * <p>
 * The JDK's {@code ObjectInputFilter} patterns and Jackson's {@code PolymorphicTypeValidator} see a class once it is
 * loaded (Jackson: the type parameters of a generic type id), too late for a class whose static initializer must
 * not run.
 *
 * @author Azure Redis Cache contributors
 */
public final class ClassAllowList {

	/**
	 * The JDK's unmodifiable collections ({@code List.of()}, {@code Collections.unmodifiableList()},
	 * {@code singletonList()}, {@code emptyList()} and their kin): what the JSON format reads back as the same class,
	 * and nothing else holds what they wrap once read.
	 */
	public static final List<String> JDK_UNMODIFIABLE_COLLECTIONS = List.of("java.util.ImmutableCollections$",
			"java.util.Collections$Unmodifiable", "java.util.Collections$Singleton", "java.util.Collections$Empty");

	private static final Pattern TYPE_SEPARATORS = Pattern.compile("[<>,\\s]+");

	private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "short", "int", "long", "float", "double",
			"char");

	private static final String ARRAY_PRIMITIVE_CODES = "ZBSIJFDC";

	private final List<String> packagePrefixes;

	private final Set<String> classes;

	private final List<String> namePrefixes;

	/**
	 * Creates an allow-list.
	 * @param packages packages whose classes are allowed, sub-packages included
	 * @param classes classes allowed by name
	 * @param namePrefixes prefixes of names allowed when no package follows them
	 */
	public ClassAllowList(Collection<String> packages, Collection<String> classes, Collection<String> namePrefixes) {
		this.packagePrefixes = packages.stream()
			.map(String::trim)
			.filter((name) -> !name.isEmpty())
			.map((name) -> name.endsWith(".") ? name : name + ".")
			.toList();
		this.classes = Set.copyOf(classes);
		this.namePrefixes = List.copyOf(namePrefixes);
	}

	/**
	 * The same list with more classes allowed by name.
	 * @param more the classes
	 * @return the wider list
	 */
	public ClassAllowList withClasses(Collection<String> more) {
		return new ClassAllowList(packages(), Stream.concat(this.classes.stream(), more.stream()).toList(),
				this.namePrefixes);
	}

	/** @return the packages whose classes are allowed */
	public List<String> packages() {
		return this.packagePrefixes.stream().map((prefix) -> prefix.substring(0, prefix.length() - 1)).toList();
	}

	/**
	 * Whether every class a type names is allowed.
	 * @param type a class name, array descriptor or canonical generic type
	 * @return the first class that is not allowed, or {@code null} if all are
	 */
	public @Nullable String firstRefused(String type) {
		for (String name : TYPE_SEPARATORS.split(type)) {
			if (!name.isEmpty() && !allows(name)) {
				return name;
			}
		}
		return null;
	}

	/**
	 * Whether one class may be loaded.
	 * @param name a binary class name, an array descriptor, a canonical array name or a primitive
	 * @return {@code true} if it is allowed
	 */
	public boolean allows(String name) {
		if (name.startsWith("[")) {
			String component = name.substring(name.lastIndexOf('[') + 1);
			if (component.length() == 1) {
				return ARRAY_PRIMITIVE_CODES.contains(component);
			}
			return component.startsWith("L") && component.endsWith(";")
					&& allows(component.substring(1, component.length() - 1));
		}
		if (name.endsWith("[]")) {
			return allows(name.substring(0, name.length() - 2));
		}
		if (PRIMITIVES.contains(name) || this.classes.contains(name)) {
			return true;
		}
		for (String prefix : this.namePrefixes) {
			if (name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0) {
				return true;
			}
		}
		for (String prefix : this.packagePrefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
