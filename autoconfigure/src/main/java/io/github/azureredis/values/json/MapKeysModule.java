package io.github.azureredis.values.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.Year;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.KeyDeserializers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.Serializers;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Map keys that read back as the key that was written, whatever their class. JSON names are strings: Jackson writes
 * any other key with {@code toString()} and reads it back with a string constructor or factory, so a
 * {@code Map<Object, V>} (the map of a generic wrapper) gets {@code String} keys back, and a record key is rebuilt
 * from its {@code toString()} text, a wrong value. Keys whose class is not one of the text-friendly JDK types are
 * written as their typed JSON text instead ({@code {"{\"id\":\"a\"}": ...}}, {@code {"[\"java.lang.Long\",7]": ...}}).
 * A string key in a map whose key type is {@code Object} stays plain unless it could be taken for JSON text.
 *
 * @author Azure Redis Cache contributors
 */
final class MapKeysModule extends JacksonModule {

	// Keys of these classes are written with toString() and read back exactly by Jackson.
	private static final Set<Class<?>> TEXT_KEYS = Set.of(String.class, Boolean.class, Byte.class, Short.class,
			Integer.class, Long.class, Float.class, Double.class, Character.class, boolean.class, byte.class,
			short.class, int.class, long.class, float.class, double.class, char.class, UUID.class, BigDecimal.class,
			BigInteger.class, Locale.class, LocalDate.class, LocalDateTime.class, LocalTime.class, Instant.class,
			Year.class, YearMonth.class, MonthDay.class, Duration.class);

	// First characters of JSON text; a plain string key starting with none of them cannot be taken for JSON.
	private static final String JSON_STARTS = "\"[{-0123456789tfn";

	private final Supplier<JsonMapper> mapper;

	MapKeysModule(Supplier<JsonMapper> mapper) {
		this.mapper = mapper;
	}

	@Override
	public String getModuleName() {
		return "azure-redis-cache-map-keys";
	}

	@Override
	public Version version() {
		return Version.unknownVersion();
	}

	@Override
	public void setupModule(SetupContext context) {
		context.addKeySerializers(new JsonKeySerializers(this.mapper));
		context.addKeyDeserializers(new JsonKeyDeserializers(this.mapper));
	}

	static boolean writtenAsText(JavaType keyType) {
		return TEXT_KEYS.contains(keyType.getRawClass()) || keyType.isEnumType();
	}

	static boolean isPlain(String key) {
		return key.isEmpty() || JSON_STARTS.indexOf(key.charAt(0)) < 0;
	}

	private static final class JsonKeySerializers implements Serializers {

		private final Supplier<JsonMapper> mapper;

		JsonKeySerializers(Supplier<JsonMapper> mapper) {
			this.mapper = mapper;
		}

		@Override
		public @Nullable ValueSerializer<?> findSerializer(SerializationConfig config, JavaType type,
				BeanDescription.Supplier beanDescRef, JsonFormat.Value formatOverrides) {
			return writtenAsText(type) ? null : new JsonKeySerializer(type, this.mapper);
		}

	}

	private static final class JsonKeySerializer extends StdSerializer<Object> {

		private final JavaType keyType;

		private final Supplier<JsonMapper> mapper;

		private volatile @Nullable ObjectWriter writer;

		JsonKeySerializer(JavaType keyType, Supplier<JsonMapper> mapper) {
			super(Object.class);
			this.keyType = keyType;
			this.mapper = mapper;
		}

		@Override
		public void serialize(Object key, JsonGenerator gen, SerializationContext ctxt) {
			if (this.keyType.isJavaLangObject() && key instanceof String text && isPlain(text)) {
				gen.writeName(text);
				return;
			}
			ObjectWriter writer = this.writer;
			if (writer == null) {
				writer = this.mapper.get().writerFor(this.keyType);
				this.writer = writer;
			}
			gen.writeName(writer.writeValueAsString(key));
		}

	}

	private static final class JsonKeyDeserializers implements KeyDeserializers {

		private final Supplier<JsonMapper> mapper;

		JsonKeyDeserializers(Supplier<JsonMapper> mapper) {
			this.mapper = mapper;
		}

		@Override
		public @Nullable KeyDeserializer findKeyDeserializer(JavaType type, DeserializationConfig config,
				BeanDescription.Supplier beanDescRef) {
			return writtenAsText(type) ? null : new JsonKeyDeserializer(type, this.mapper);
		}

	}

	private static final class JsonKeyDeserializer extends KeyDeserializer {

		private final JavaType keyType;

		private final Supplier<JsonMapper> mapper;

		private volatile @Nullable ObjectReader reader;

		JsonKeyDeserializer(JavaType keyType, Supplier<JsonMapper> mapper) {
			this.keyType = keyType;
			this.mapper = mapper;
		}

		@Override
		public @Nullable Object deserializeKey(String key, DeserializationContext ctxt) {
			if (this.keyType.isJavaLangObject() && isPlain(key)) {
				return key;
			}
			ObjectReader reader = this.reader;
			if (reader == null) {
				reader = this.mapper.get().readerFor(this.keyType);
				this.reader = reader;
			}
			return reader.readValue(key);
		}

	}

}
