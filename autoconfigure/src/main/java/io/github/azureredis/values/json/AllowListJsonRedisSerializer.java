package io.github.azureredis.values.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.azureredis.values.ClassAllowList;
import io.github.azureredis.values.UncacheableValueException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cache.support.NullValue;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.util.ClassUtils;

/**
 * Cache values as JSON that reads back as the value that was written, with the same class at every level, and that
 * cannot make the application load a class it did not allow.
 * <ul>
 * <li>Wherever the declared type does not determine the class (the value itself, {@code Object} and type-variable
 * fields, interfaces, abstract and other non-final classes, elements of collections), the JSON names the class:
 * {@code ["com.example.Page",{"content":["java.util.ArrayList",[{...}]],"total":2}]}. Records, sealed hierarchies,
 * generic wrappers, arrays, JDK and immutable collections, {@code EnumSet}, maps with keys of any class,
 * {@code java.time} values with their zone, and Spring Data's {@code Page} and {@code Slice} come back as they went
 * in; so do Kotlin's classes when Jackson's Kotlin module is on the class path ({@link KotlinValues}). Fields are the
 * state that is written, as with Java serialization: no setters or getters are needed.</li>
 * <li>Every class named in the JSON is checked against an allow-list (the application's packages, common JDK value
 * types and {@code azure.redis.cache.allowed-packages}) before it is loaded, at every depth: someone who can write
 * to Redis cannot make the application instantiate an arbitrary class.</li>
 * <li>The first write of each class, at any depth, is read back and compared; a class that does not read back as it
 * was is not cached ({@link UncacheableValueException}), rather than cached and served wrong or never read. So is
 * every write of a class whose stored value could not be read lately (a number longer than Jackson reads, say), so
 * that no value is cached again and again, never to be read.</li>
 * <li>Unknown properties are ignored, so the next version of a class reads what the previous one wrote.</li>
 * <li>A {@code byte[]} value is stored as its bytes after a two-byte marker that no JSON starts with: base64 in JSON
 * would make it a third larger and cost a 20 MB value some 200 ms of encoding and decoding.</li>
 * </ul>
 * Jackson's default typing, and Spring Data's {@code GenericJacksonJsonRedisSerializer} built on it, lack the check
 * before loading (a {@code PolymorphicTypeValidator} judges a generic type id by its name, and Jackson loads its type
 * parameters before anything checks them: {@code AllowListJsonRedisSerializerTests}), the check of written classes,
 * and the faithful reading of JDK collections, map keys, Spring Data pages and Kotlin's values, which this class adds
 * on Jackson's own default typing ({@link ValueTypeResolverBuilder}).
 *
 * @author Azure Redis Cache contributors
 */
public final class AllowListJsonRedisSerializer implements RedisSerializer<Object> {

	private static final byte[] NULL = { 'n', 'u', 'l', 'l' };

	private static final byte JAVA_SERIALIZATION_MAGIC = (byte) 0xAC;

	private static final byte[] BINARY_MARKER = { 0, 'B' };

	private static final String PAGE_CLASS = "org.springframework.data.domain.Page";

	private final ClassAllowList allowList;

	private final boolean kotlin;

	private final WrittenClasses writtenClasses = new WrittenClasses();

	private final ObjectWriter writer;

	private final ObjectReader reader;

	private final RoundTripCheck roundTripCheck;

	private final UnreadableClasses unreadable;

	/**
	 * Creates a serializer.
	 * @param allowedPackages packages whose classes may be read back, sub-packages included
	 * @param classLoader the class loader of the application's classes
	 */
	public AllowListJsonRedisSerializer(Collection<String> allowedPackages, ClassLoader classLoader) {
		boolean springDataPages = ClassUtils.isPresent(PAGE_CLASS, classLoader);
		this.kotlin = KotlinValues.isSupported(classLoader);
		List<String> classes = new ArrayList<>();
		if (springDataPages) {
			classes.addAll(SpringDataPagesModule.CLASSES);
		}
		if (this.kotlin) {
			classes.addAll(KotlinValues.CLASSES);
		}
		this.allowList = JsonClasses.allowList(allowedPackages, classes);
		AllowListTypeValidator validator = new AllowListTypeValidator(this.allowList);
		AtomicReference<JsonMapper> self = new AtomicReference<>();
		JsonMapper.Builder builder = JsonMapper.builder()
			.typeFactory(new AllowListTypeFactory(this.allowList, classLoader))
			.polymorphicTypeValidator(validator)
			.setDefaultTyping(new ValueTypeResolverBuilder(validator, this.allowList, this.writtenClasses))
			// A value's state is its fields, as for Java serialization: no getters, setters or computed properties.
			.changeDefaultVisibility((visibility) -> visibility.withFieldVisibility(Visibility.ANY)
				.withGetterVisibility(Visibility.NONE)
				.withIsGetterVisibility(Visibility.NONE)
				.withSetterVisibility(Visibility.NONE)
				.withCreatorVisibility(Visibility.ANY))
			// Every property, null or empty, in a form that reads back as it was, whatever the class's annotations
			// ask of an API's JSON; enums by name, not by a toString() that two constants may share.
			.annotationIntrospector(new LosslessAnnotationIntrospector())
			.changeDefaultPropertyInclusion(
					(inclusion) -> JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
			.disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING, EnumFeature.READ_ENUMS_USING_TO_STRING)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			// A record component the entry lacks (renamed, or added by a newer build) makes it unreadable, a miss,
			// rather than a record with a null in it.
			.enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
			// A ZonedDateTime keeps its region (Europe/Paris), not only the offset, and is not moved to UTC.
			.enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID)
			.disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
			.addModule(new JdkCollectionsModule())
			.addModule(new MapKeysModule(self::get))
			.addModule(new WrittenClassesModule(this.writtenClasses));
		if (springDataPages) {
			builder.addModule(new SpringDataPagesModule());
		}
		if (this.kotlin) {
			KotlinValues.addModules(builder);
		}
		JsonMapper mapper = builder.build();
		self.set(mapper);
		this.writer = mapper.writerFor(Object.class);
		this.reader = mapper.readerFor(Object.class);
		this.roundTripCheck = new RoundTripCheck(mapper, this.allowList, classLoader, this.kotlin);
		this.unreadable = new UnreadableClasses(mapper, this.allowList);
	}

	/** @return the packages whose classes may be read back */
	public List<String> getAllowedPackages() {
		return this.allowList.packages();
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		if (value == null || value instanceof NullValue) {
			return NULL.clone();
		}
		if (value instanceof byte[] binary) {
			byte[] stored = Arrays.copyOf(BINARY_MARKER, BINARY_MARKER.length + binary.length);
			System.arraycopy(binary, 0, stored, BINARY_MARKER.length, binary.length);
			return stored;
		}
		this.writtenClasses.start();
		// The value's own class, also when its JSON names none (a string, an empty Optional).
		this.writtenClasses.written(value.getClass());
		byte[] json = write(value);
		List<Class<?>> unverified = this.writtenClasses.unverified();
		if (!unverified.isEmpty() || this.unreadable.contains(value.getClass())) {
			this.roundTripCheck.verify(value, json, unverified, this::deserialize, this::write);
			this.writtenClasses.verified(unverified);
		}
		return json;
	}

	private byte[] write(Object value) {
		try {
			return this.writer.writeValueAsBytes(value);
		}
		catch (RuntimeException ex) {
			NotAllowedClassException notAllowed = notAllowed(ex);
			if (notAllowed != null) {
				String held = notAllowed.className().equals(value.getClass().getName()) ? ""
						: "they hold class " + notAllowed.className() + "; ";
				throw new UncacheableValueException(UncacheableValueException.Reason.NOT_ALLOWED,
						value.getClass().getName(), "values of class " + value.getClass().getTypeName()
								+ " are not cached: " + held + notAllowed.getMessage() + ".",
						ex);
			}
			throw new UncacheableValueException(UncacheableValueException.Reason.NOT_FAITHFUL,
					value.getClass().getName(), "values of class " + value.getClass().getTypeName()
							+ " are not cached: they cannot be written as JSON (" + message(ex) + "). "
							+ writeAdvice(value.getClass()),
					ex);
		}
	}

	private String writeAdvice(Class<?> type) {
		if (!this.kotlin && KotlinValues.isKotlin(type)) {
			return KotlinValues.moduleMissing(List.of(type.getName()));
		}
		if (KotlinValues.isApplicationKotlin(type)) {
			return "Make it a data class of plain properties (mark what is not state @Transient or @JsonIgnore), or "
					+ "set azure.redis.cache.serialization=jdk for Serializable values.";
		}
		return "Make it a record or a class of plain fields (mark what is not state transient or @JsonIgnore), or set "
				+ "azure.redis.cache.serialization=jdk for Serializable values.";
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		if (bytes == null) {
			return null;
		}
		if (Arrays.equals(bytes, NULL)) {
			return NullValue.INSTANCE;
		}
		if (bytes.length >= BINARY_MARKER.length && bytes[0] == BINARY_MARKER[0] && bytes[1] == BINARY_MARKER[1]) {
			return Arrays.copyOfRange(bytes, BINARY_MARKER.length, bytes.length);
		}
		if (bytes.length > 0 && (bytes[0] == JAVA_SERIALIZATION_MAGIC || bytes[0] == '{')) {
			throw new SerializationException("Cannot read a cached value: it is not a typed JSON value written by "
					+ "this starter (was it written with azure.redis.cache.serialization=jdk?)");
		}
		try {
			return this.reader.readValue(bytes);
		}
		catch (RuntimeException ex) {
			NotAllowedClassException notAllowed = notAllowed(ex);
			if (notAllowed != null) {
				throw new SerializationException("Refused to read a value of class " + notAllowed.className()
						+ ": its package is not in azure.redis.cache.allowed-packages " + getAllowedPackages(), ex);
			}
			this.unreadable.add(bytes);
			throw new SerializationException("Cannot read a cached value: " + message(ex), ex);
		}
	}

	private @Nullable NotAllowedClassException notAllowed(Throwable ex) {
		List<Throwable> seen = new ArrayList<>();
		for (Throwable cause = ex; cause != null && !seen.contains(cause); cause = cause.getCause()) {
			if (cause instanceof NotAllowedClassException notAllowed) {
				return notAllowed;
			}
			seen.add(cause);
		}
		return null;
	}

	private static String message(RuntimeException ex) {
		return (ex instanceof tools.jackson.core.JacksonException jackson) ? jackson.getOriginalMessage()
				: String.valueOf(ex.getMessage());
	}

}
