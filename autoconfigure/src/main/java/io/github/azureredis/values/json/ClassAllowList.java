package io.github.azureredis.values.json;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The classes a cached JSON value may name: the application's packages, {@code azure.redis.cache.allowed-packages},
 * JDK value types and collections, and the Spring Data page types and Kotlin standard library values the starter
 * knows how to write. Names are checked as text, before anything is loaded, in every form they take in cached data:
 * binary names ({@code com.example.Outer$Inner}), array descriptors ({@code [Lcom.example.Item;}, {@code [B}) and
 * canonical generic types ({@code java.util.EnumSet<com.example.Color>}).
 *
 * @author Azure Redis Cache contributors
 */
final class ClassAllowList {

	private static final Pattern TYPE_SEPARATORS = Pattern.compile("[<>,\\s]+");

	private static final Set<String> PRIMITIVES = Set.of("boolean", "byte", "short", "int", "long", "float", "double",
			"char");

	private static final String ARRAY_PRIMITIVE_CODES = "ZBSIJFDC";

	private static final Set<String> JDK_TYPES = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte",
			"java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
			"java.lang.Character", "java.lang.Object", "java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID",
			"java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.Optional", "java.util.OptionalInt",
			"java.util.OptionalLong", "java.util.OptionalDouble", "java.net.URI", "java.util.List", "java.util.Set",
			"java.util.Map", "java.util.Collection", "java.util.SortedSet", "java.util.SortedMap",
			"java.util.NavigableSet", "java.util.NavigableMap", "java.util.ArrayList", "java.util.LinkedList",
			"java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet",
			"java.util.LinkedHashSet", "java.util.TreeSet", "java.util.ArrayDeque", "java.util.Vector",
			"java.util.EnumSet", "java.util.EnumMap", "java.util.concurrent.ConcurrentHashMap",
			"java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
			"java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.CopyOnWriteArraySet",
			"java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicInteger",
			"java.util.concurrent.atomic.AtomicLong",
			// The JDK's value enums (java.time's own are allowed below): an enum is read by name, no constructor runs.
			"java.util.concurrent.TimeUnit", "java.math.RoundingMode", "java.time.temporal.ChronoUnit",
			"java.time.temporal.ChronoField", "java.time.format.TextStyle", "java.time.format.FormatStyle");

	// Classes behind List.of(), Collections.unmodifiableList(), Arrays.asList() and their kind: the starter reads
	// them back as the same class (JdkCollectionsModule).
	private static final List<String> JDK_COLLECTION_PREFIXES = List.of("java.util.ImmutableCollections$",
			"java.util.Collections$Unmodifiable", "java.util.Collections$Singleton", "java.util.Collections$Empty",
			"java.util.Collections$Synchronized", "java.util.Arrays$ArrayList");

	private static final String JDK_TIME_PACKAGE = "java.time.";

	private final List<String> packagePrefixes;

	private final Set<String> classes;

	/**
	 * Creates an allow-list.
	 * @param packages packages whose classes are allowed, sub-packages included
	 * @param classes further classes allowed by name
	 */
	ClassAllowList(Collection<String> packages, Collection<String> classes) {
		this.packagePrefixes = packages.stream()
			.map(String::trim)
			.filter((name) -> !name.isEmpty())
			.map((name) -> name.endsWith(".") ? name : name + ".")
			.toList();
		this.classes = Set.copyOf(classes);
	}

	/** @return the packages whose classes are allowed */
	List<String> packages() {
		return this.packagePrefixes.stream().map((prefix) -> prefix.substring(0, prefix.length() - 1)).toList();
	}

	/**
	 * Whether every class a type names is allowed.
	 * @param type a class name, array descriptor or canonical generic type
	 * @return the first class that is not allowed, or {@code null} if all are
	 */
	@Nullable String firstRefused(String type) {
		for (String name : TYPE_SEPARATORS.split(type)) {
			if (!name.isEmpty() && !allows(name)) {
				return name;
			}
		}
		return null;
	}

	/**
	 * Whether one class may be loaded.
	 * @param name a binary class name, an array descriptor or a canonical array name ({@code com.example.Item[]})
	 * @return {@code true} if it is allowed
	 */
	boolean allows(String name) {
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
		if (PRIMITIVES.contains(name) || JDK_TYPES.contains(name) || this.classes.contains(name)) {
			return true;
		}
		if (name.startsWith(JDK_TIME_PACKAGE) && name.indexOf('.', JDK_TIME_PACKAGE.length()) < 0) {
			return true;
		}
		for (String prefix : JDK_COLLECTION_PREFIXES) {
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
