package io.github.azureredis.cache;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.cache.support.NullValue;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Cache values as JSON, preceded by the value's full type: {@code ["com.example.Product",{"id":"42",...}]} or
 * {@code ["java.util.List<com.example.Product>",[...]]}.
 * <ul>
 * <li>Plain records and POJOs work without {@code Serializable}; the root type, generics included, is inferred from
 * the value, so a {@code List<Product>} reads back as a list of products, a {@code Long} as a {@code Long}.</li>
 * <li>Before any class is loaded for reading, every class named in the type is checked against an allow-list: the
 * application's packages and common JDK value types. A value written into Redis by someone else cannot make the
 * application instantiate an arbitrary class; there is no open polymorphic typing.</li>
 * <li>Unknown properties are ignored, so instances of the next version of a class read values the previous one
 * wrote.</li>
 * </ul>
 *
 * @author Azure Redis Cache contributors
 */
public final class AllowListJsonRedisSerializer implements RedisSerializer<Object> {

	private static final byte[] NULL = { 'n', 'u', 'l', 'l' };

	private static final Pattern TYPE_SEPARATORS = Pattern.compile("[<>,\\[\\]\\s]+");

	private static final Set<String> JDK_TYPES = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte",
			"java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
			"java.lang.Character", "java.lang.Object", "java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID",
			"java.util.Date", "java.util.Locale", "java.util.Currency", "java.util.Optional", "java.util.List",
			"java.util.Set", "java.util.Map", "java.util.Collection", "java.util.ArrayList", "java.util.LinkedList",
			"java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet",
			"java.util.LinkedHashSet", "java.util.TreeSet", "java.net.URI", "boolean", "byte", "short", "int", "long",
			"float", "double", "char");

	private static final String JDK_TIME_PACKAGE = "java.time.";

	private final JsonMapper mapper;

	private final List<String> allowedPrefixes;

	private final ClassLoader classLoader;

	private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();

	/**
	 * Creates a serializer.
	 * @param allowedPackages packages whose classes may be read back, sub-packages included
	 * @param classLoader the class loader of the application's classes
	 */
	public AllowListJsonRedisSerializer(Collection<String> allowedPackages, ClassLoader classLoader) {
		this.allowedPrefixes = allowedPackages.stream()
			.map(String::trim)
			.filter((name) -> !name.isEmpty())
			.map((name) -> name.endsWith(".") ? name : name + ".")
			.toList();
		this.classLoader = classLoader;
		BasicPolymorphicTypeValidator.Builder validator = BasicPolymorphicTypeValidator.builder();
		this.allowedPrefixes.forEach(validator::allowIfSubType);
		this.mapper = JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			// The value sits inside the envelope array, whose end is checked here.
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			// Types that declare their own polymorphism (@JsonTypeInfo) are held to the same allow-list.
			.polymorphicTypeValidator(validator.build())
			.typeFactory(TypeFactory.createDefaultInstance().withClassLoader(classLoader))
			.build();
	}

	/** @return the packages whose classes may be read back */
	public List<String> getAllowedPackages() {
		return this.allowedPrefixes.stream().map((prefix) -> prefix.substring(0, prefix.length() - 1)).toList();
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		if (value == null || value instanceof NullValue) {
			return NULL.clone();
		}
		JavaType type = typeOf(value, 0);
		String canonical = type.toCanonical();
		checkAllowed(canonical, "cache");
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator generator = this.mapper.createGenerator(out)) {
			generator.writeStartArray();
			generator.writeString(canonical);
			this.mapper.writerFor(type).writeValue(generator, value);
			generator.writeEndArray();
		}
		catch (JacksonException ex) {
			throw new SerializationException("Cannot write a " + value.getClass().getName() + " as JSON: "
					+ ex.getOriginalMessage(), ex);
		}
		return out.toByteArray();
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		if (bytes == null) {
			return null;
		}
		if (Arrays.equals(bytes, NULL)) {
			return NullValue.INSTANCE;
		}
		try (JsonParser parser = this.mapper.createParser(bytes)) {
			if (parser.nextToken() != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.VALUE_STRING) {
				throw new SerializationException("Cannot read a cached value: it is not a typed JSON value written by "
						+ "this starter (was it written with azure.redis.cache.serialization=jdk?)");
			}
			String canonical = parser.getString();
			ObjectReader reader = this.readers.computeIfAbsent(canonical, this::reader);
			parser.nextToken();
			Object value = reader.readValue(parser);
			if (parser.nextToken() != JsonToken.END_ARRAY) {
				throw new SerializationException("Cannot read a cached value: unexpected content after the value");
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new SerializationException("Cannot read a cached value: " + ex.getOriginalMessage(), ex);
		}
	}

	private ObjectReader reader(String canonical) {
		checkAllowed(canonical, "read");
		return this.mapper.readerFor(this.mapper.getTypeFactory().constructFromCanonical(canonical));
	}

	/**
	 * Refuses a type naming any class outside the allow-list, before anything is loaded.
	 */
	private void checkAllowed(String canonical, String action) {
		for (String name : TYPE_SEPARATORS.split(canonical)) {
			if (!name.isEmpty() && !isAllowed(name)) {
				throw new SerializationException("Refused to " + action + " a value of class " + name
						+ ": its package is not in azure.redis.cache.allowed-packages " + getAllowedPackages());
			}
		}
	}

	private boolean isAllowed(String className) {
		if (JDK_TYPES.contains(className)) {
			return true;
		}
		if (className.startsWith(JDK_TIME_PACKAGE) && className.indexOf('.', JDK_TIME_PACKAGE.length()) < 0) {
			return true;
		}
		for (String prefix : this.allowedPrefixes) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The type to write a value as: its class, with the element types of collections, maps, arrays and optionals
	 * inferred from their content, and JDK collections (immutable ones included) written as their interface.
	 */
	private JavaType typeOf(@Nullable Object value, int depth) {
		TypeFactory types = this.mapper.getTypeFactory();
		if (value == null) {
			return types.constructType(Object.class);
		}
		if (depth > 8) {
			return types.constructType(value.getClass());
		}
		if (value instanceof Collection<?> collection && isJdk(value)) {
			Class<?> raw = (value instanceof Set<?>) ? Set.class : (value instanceof List<?>) ? List.class
					: Collection.class;
			return types.constructCollectionType(raw.equals(Collection.class) ? ArrayList.class : (Class) raw,
					commonType(collection, depth, value));
		}
		if (value instanceof Map<?, ?> map && isJdk(value)) {
			Class<?> raw = (value instanceof java.util.SortedMap<?, ?>) ? java.util.TreeMap.class : Map.class;
			return types.constructMapType((Class) raw, commonType(map.keySet(), depth, value),
					commonType(map.values(), depth, value));
		}
		if (value instanceof Optional<?> optional) {
			return types.constructReferenceType(Optional.class, typeOf(optional.orElse(null), depth + 1));
		}
		return types.constructType(value.getClass());
	}

	private JavaType commonType(Collection<?> elements, int depth, Object container) {
		Set<JavaType> found = new LinkedHashSet<>();
		for (Object element : elements) {
			if (element != null) {
				found.add(typeOf(element, depth + 1));
				if (found.size() > 1) {
					throw new SerializationException("Cannot cache a " + container.getClass().getName()
							+ " holding values of different classes as JSON with their types (" + found
							+ "): cache a record that declares the element type, or set "
							+ "azure.redis.cache.serialization=jdk");
				}
			}
		}
		return found.isEmpty() ? this.mapper.getTypeFactory().constructType(Object.class) : found.iterator().next();
	}

	private static boolean isJdk(Object value) {
		return value.getClass().getName().startsWith("java.util.");
	}

}
