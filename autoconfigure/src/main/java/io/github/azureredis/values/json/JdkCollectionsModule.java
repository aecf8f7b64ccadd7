package io.github.azureredis.values.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.Version;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.Deserializers;
import tools.jackson.databind.deser.std.StdConvertingDeserializer;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapType;
import tools.jackson.databind.type.TypeFactory;
import tools.jackson.databind.util.Converter;

/**
 * Reads the JDK's own collection classes back as the same class: {@code List.of(...)}, {@code Set.of(...)},
 * {@code Map.of(...)}, {@code Stream.toList()}, {@code Collections.unmodifiableList(...)}, {@code emptyList()},
 * {@code singletonList(...)}, {@code synchronizedList(...)}, {@code Arrays.asList(...)} and their set and map kin.
 * Jackson reads most of them as an {@code ArrayList}, an unmodifiable wrapper of another kind or not at all, so an
 * immutable list would come back mutable, and a value holding one would not be equal to what was cached.
 *
 * @author Azure Redis Cache contributors
 */
final class JdkCollectionsModule extends JacksonModule {

	private static final String IMMUTABLE = "java.util.ImmutableCollections$";

	private static final String COLLECTIONS = "java.util.Collections$";

	@Override
	public String getModuleName() {
		return "azure-redis-cache-jdk-collections";
	}

	@Override
	public Version version() {
		return Version.unknownVersion();
	}

	@Override
	public void setupModule(SetupContext context) {
		context.addDeserializers(
				new RebuildingDeserializers(JdkCollectionsModule::collection, JdkCollectionsModule::map));
	}

	/**
	 * Reads the collections and maps of the classes it knows how to build: into a plain {@code ArrayList} or
	 * {@code LinkedHashMap} with their elements' own types, then into the class that was written.
	 */
	static final class RebuildingDeserializers implements Deserializers {

		private final Function<String, @Nullable Function<List<Object>, Object>> collections;

		private final Function<String, @Nullable Function<Map<Object, Object>, Object>> maps;

		/**
		 * Creates the deserializers.
		 * @param collections how to build the collection class of a name, {@code null} for another class
		 * @param maps how to build the map class of a name, {@code null} for another class
		 */
		RebuildingDeserializers(Function<String, @Nullable Function<List<Object>, Object>> collections,
				Function<String, @Nullable Function<Map<Object, Object>, Object>> maps) {
			this.collections = collections;
			this.maps = maps;
		}

		@Override
		public @Nullable ValueDeserializer<?> findCollectionDeserializer(CollectionType type,
				DeserializationConfig config, BeanDescription.Supplier beanDescRef,
				TypeDeserializer elementTypeDeserializer, ValueDeserializer<?> elementDeserializer) {
			Function<List<Object>, Object> rebuild = this.collections.apply(type.getRawClass().getName());
			if (rebuild == null) {
				return null;
			}
			JavaType read = config.getTypeFactory().constructCollectionType(ArrayList.class, type.getContentType());
			return new StdConvertingDeserializer<>(new Rebuild<>(read, type, rebuild));
		}

		@Override
		public @Nullable ValueDeserializer<?> findMapDeserializer(MapType type, DeserializationConfig config,
				BeanDescription.Supplier beanDescRef, KeyDeserializer keyDeserializer,
				TypeDeserializer elementTypeDeserializer, ValueDeserializer<?> elementDeserializer) {
			Function<Map<Object, Object>, Object> rebuild = this.maps.apply(type.getRawClass().getName());
			if (rebuild == null) {
				return null;
			}
			JavaType read = config.getTypeFactory()
				.constructMapType(LinkedHashMap.class, type.getKeyType(), type.getContentType());
			return new StdConvertingDeserializer<>(new Rebuild<>(read, type, rebuild));
		}

		@Override
		public boolean hasDeserializerFor(DeserializationConfig config, Class<?> valueType) {
			return this.collections.apply(valueType.getName()) != null || this.maps.apply(valueType.getName()) != null;
		}

	}

	/**
	 * How to build the JDK collection class of that name from the elements read, or {@code null} if it is not one
	 * of them.
	 */
	@SuppressWarnings("unchecked")
	static @Nullable Function<List<Object>, Object> collection(String className) {
		return switch (className) {
			// List.of keeps to List12 for one or two elements, ListN otherwise; Stream.toList() always makes a ListN,
			// and may hold nulls.
			case IMMUTABLE + "List12" -> List::copyOf;
			case IMMUTABLE + "ListN" -> (elements) -> (elements.size() > 2 && !elements.contains(null))
					? List.copyOf(elements) : elements.stream().toList();
			case IMMUTABLE + "Set12", IMMUTABLE + "SetN" -> Set::copyOf;
			case COLLECTIONS + "UnmodifiableRandomAccessList" -> Collections::unmodifiableList;
			case COLLECTIONS + "UnmodifiableList" -> (elements) -> Collections.unmodifiableList(new LinkedList<>(elements));
			case COLLECTIONS + "UnmodifiableSet" -> (elements) -> Collections.unmodifiableSet(new LinkedHashSet<>(elements));
			case COLLECTIONS + "UnmodifiableSortedSet" -> (elements) -> Collections
				.unmodifiableSortedSet(new TreeSet<>(elements));
			case COLLECTIONS + "UnmodifiableNavigableSet" -> (elements) -> Collections
				.unmodifiableNavigableSet(new TreeSet<>(elements));
			case COLLECTIONS + "UnmodifiableCollection" -> Collections::unmodifiableCollection;
			case COLLECTIONS + "SingletonList" -> (elements) -> Collections.singletonList(single(elements));
			case COLLECTIONS + "SingletonSet" -> (elements) -> Collections.singleton(single(elements));
			case COLLECTIONS + "EmptyList" -> (elements) -> Collections.emptyList();
			case COLLECTIONS + "EmptySet" -> (elements) -> Collections.emptySet();
			case COLLECTIONS + "SynchronizedRandomAccessList" -> Collections::synchronizedList;
			case COLLECTIONS + "SynchronizedList" -> (elements) -> Collections.synchronizedList(new LinkedList<>(elements));
			case COLLECTIONS + "SynchronizedSet" -> (elements) -> Collections.synchronizedSet(new LinkedHashSet<>(elements));
			case COLLECTIONS + "SynchronizedCollection" -> Collections::synchronizedCollection;
			case "java.util.Arrays$ArrayList" -> (elements) -> Arrays.asList(elements.toArray());
			default -> null;
		};
	}

	/**
	 * How to build the JDK map class of that name from the entries read, or {@code null} if it is not one of them.
	 */
	static @Nullable Function<Map<Object, Object>, Object> map(String className) {
		return switch (className) {
			// Map.of keeps to Map1 for one entry, MapN otherwise.
			case IMMUTABLE + "Map1", IMMUTABLE + "MapN" -> Map::copyOf;
			case COLLECTIONS + "UnmodifiableMap" -> Collections::unmodifiableMap;
			case COLLECTIONS + "UnmodifiableSortedMap" -> (entries) -> Collections
				.unmodifiableSortedMap(new TreeMap<>(entries));
			case COLLECTIONS + "UnmodifiableNavigableMap" -> (entries) -> Collections
				.unmodifiableNavigableMap(new TreeMap<>(entries));
			case COLLECTIONS + "SingletonMap" -> (entries) -> {
				Map.Entry<Object, Object> entry = single(entries.entrySet());
				return Collections.singletonMap(entry.getKey(), entry.getValue());
			};
			case COLLECTIONS + "EmptyMap" -> (entries) -> Collections.emptyMap();
			case COLLECTIONS + "SynchronizedMap" -> Collections::synchronizedMap;
			default -> null;
		};
	}

	private static <T> T single(Collection<T> elements) {
		if (elements.size() != 1) {
			throw new IllegalArgumentException("A singleton collection holds " + elements.size() + " elements");
		}
		return elements.iterator().next();
	}

	/**
	 * Reads the elements into a plain collection, with their own types, then builds the JDK class from it.
	 */
	private static final class Rebuild<T> implements Converter<Object, Object> {

		private final JavaType read;

		private final JavaType result;

		private final Function<T, Object> rebuild;

		Rebuild(JavaType read, JavaType result, Function<T, Object> rebuild) {
			this.read = read;
			this.result = result;
			this.rebuild = rebuild;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object convert(DeserializationContext ctxt, Object value) {
			return this.rebuild.apply((T) value);
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object convert(SerializationContext ctxt, Object value) {
			return this.rebuild.apply((T) value);
		}

		@Override
		public JavaType getInputType(TypeFactory typeFactory) {
			return this.read;
		}

		@Override
		public JavaType getOutputType(TypeFactory typeFactory) {
			return this.result;
		}

	}

}
