package io.github.azureredis.values.jdk;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.azureredis.values.ClassAllowList;

/**
 * The classes a Java-serialized cache value or JCache key may name: the application's packages and
 * {@code azure.redis.cache.allowed-packages}, the JDK's value types, collections and {@code java.time} (also in the
 * forms Java serialization writes them: {@code java.time.Ser}, {@code java.util.CollSer}, {@code EnumSet}'s proxy,
 * superclasses such as {@code Number}), Spring's {@code NullValue} and {@code SimpleKey}, Spring Data's page types,
 * and the classes of Hibernate ORM's second-level cache entries and keys, each by name.
 * <p>
 * The JSON format names the JDK's classes in other forms (replacement classes, superclasses, what a replacement reads
 * back as), and Hibernate's entries exist only in this one. What deserialization gadget chains are made of
 * ({@code URL}, proxies, {@code PriorityQueue}, anything outside this list) is refused.
 *
 * @author Azure Redis Cache contributors
 */
public final class JavaSerializationClasses {

	private static final Set<String> JDK_CLASSES = Set.of("java.lang.Boolean", "java.lang.Byte", "java.lang.Short",
			"java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Character",
			"java.lang.String", "java.lang.Number", "java.lang.Enum", "java.lang.Object", "java.io.Serializable",
			"java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID", "java.util.Date", "java.util.Locale",
			"java.util.Currency", "java.net.URI", "java.sql.Timestamp", "java.sql.Date", "java.sql.Time",
			"java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
			"java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
			"java.util.ArrayDeque", "java.util.Vector", "java.util.EnumMap", "java.util.EnumSet$SerializationProxy",
			"java.util.CollSer", "java.util.Arrays$ArrayList", "java.util.AbstractMap$SimpleEntry",
			"java.util.AbstractMap$SimpleImmutableEntry", "java.util.concurrent.ConcurrentHashMap",
			"java.util.concurrent.ConcurrentHashMap$Segment", "java.util.concurrent.locks.ReentrantLock",
			"java.util.concurrent.locks.ReentrantLock$Sync", "java.util.concurrent.locks.ReentrantLock$NonfairSync",
			"java.util.concurrent.locks.AbstractQueuedSynchronizer",
			"java.util.concurrent.locks.AbstractOwnableSynchronizer", "java.util.concurrent.ConcurrentSkipListMap",
			"java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArrayList",
			"java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.TimeUnit",
			"java.util.concurrent.atomic.AtomicBoolean", "java.util.concurrent.atomic.AtomicInteger",
			"java.util.concurrent.atomic.AtomicLong", "java.time.temporal.ChronoUnit",
			"java.time.temporal.ChronoField", "java.time.format.TextStyle", "java.time.format.FormatStyle",
			"java.math.RoundingMode",
			// What HashMap's readObject has the stream's filter check before it allocates its table.
			"java.util.Map$Entry");

	// Collections.unmodifiableList(), emptyList(), singletonList(), synchronizedMap(), reverseOrder() and their kind;
	// List.of() and its kind, EnumSet and java.time, which the filter sees as what their replacements read back as.
	private static final List<String> JDK_PREFIXES = List.of("java.util.Collections$",
			"java.util.ImmutableCollections$", "java.util.RegularEnumSet", "java.util.JumboEnumSet", "java.time.");

	private static final Set<String> FRAMEWORK_CLASSES = Set.of("org.springframework.cache.support.NullValue",
			"org.springframework.cache.interceptor.SimpleKey",
			"org.springframework.data.domain.PageImpl", "org.springframework.data.domain.SliceImpl",
			"org.springframework.data.domain.Chunk", "org.springframework.data.domain.PageRequest",
			"org.springframework.data.domain.AbstractPageRequest", "org.springframework.data.domain.Sort",
			"org.springframework.data.domain.Sort$Order", "org.springframework.data.domain.Sort$Direction",
			"org.springframework.data.domain.Sort$NullHandling",
			// Hibernate ORM's second-level cache: entries, keys, and the markers its entries may hold.
			"org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item",
			"org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl",
			"org.hibernate.cache.spi.entry.StandardCacheEntryImpl", "org.hibernate.cache.spi.entry.CollectionCacheEntry",
			"org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
			"org.hibernate.cache.internal.CacheKeyImplementation",
			"org.hibernate.cache.internal.BasicCacheKeyImplementation", "org.hibernate.cache.internal.NaturalIdCacheKey",
			"org.hibernate.cache.spi.QueryKey",
			"org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
			"org.hibernate.query.spi.QueryParameterBindings$1", "org.hibernate.type.AnyType$ObjectTypeCacheEntry",
			"org.hibernate.bytecode.enhance.spi.LazyPropertyInitializer$1",
			"org.hibernate.property.access.internal.PropertyAccessStrategyBackRefImpl$1");

	private JavaSerializationClasses() {
	}

	/**
	 * The allow-list of Java serialization.
	 * @param packages packages whose classes are allowed, sub-packages included
	 * @return the allow-list
	 */
	public static ClassAllowList allowList(Collection<String> packages) {
		return new ClassAllowList(packages, Stream.concat(JDK_CLASSES.stream(), FRAMEWORK_CLASSES.stream()).toList(),
				JDK_PREFIXES);
	}

}
