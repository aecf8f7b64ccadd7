package io.github.azureredis.values.json;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.azureredis.values.ClassAllowList;

/**
 * The classes a cached JSON value may name: the application's packages, {@code azure.redis.cache.allowed-packages},
 * the JDK's value types, collections (interfaces included: they are declared types) and {@code java.time}, the JDK
 * collections the format reads back as the same class ({@link JdkCollectionsModule}), and the Spring Data page types
 * and Kotlin standard library values it knows how to write.
 *
 * @author Azure Redis Cache contributors
 */
final class JsonClasses {

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

	// java.time's classes, and the JDK collections JdkCollectionsModule reads back as the same class.
	private static final List<String> PREFIXES = Stream
		.concat(Stream.of("java.time.", "java.util.Collections$Synchronized", "java.util.Arrays$ArrayList"),
				ClassAllowList.JDK_UNMODIFIABLE_COLLECTIONS.stream())
		.toList();

	private JsonClasses() {
	}

	/**
	 * The allow-list of the JSON format.
	 * @param packages packages whose classes are allowed, sub-packages included
	 * @param classes further classes allowed by name
	 * @return the allow-list
	 */
	static ClassAllowList allowList(Collection<String> packages, Collection<String> classes) {
		return new ClassAllowList(packages, Stream.concat(JDK_TYPES.stream(), classes.stream()).toList(), PREFIXES);
	}

}
