package io.github.azureredis.jcache;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.jdk.AllowListJdkRedisSerializer;
import io.github.azureredis.values.json.AllowListJsonRedisSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.NullValue;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * The format of JCache values: the starter's JSON where it stores a value faithfully, and Java serialization behind
 * the allow-list ({@link AllowListJdkRedisSerializer}) for a {@code Serializable} value JSON cannot store, such as
 * Hibernate ORM's second-level cache entries. With {@code azure.redis.cache.serialization=jdk} every value is
 * Java-serialized. A JCache {@code put} stores its value or fails: JSR-107 has no "not cached".
 * <p>
 * Each value starts with two bytes that say which format follows: {@code 0x01 'J'} for JSON, {@code 0x01 'S'} for
 * Java serialization. A value without them (written by an earlier release, as unmarked JSON, or by Spring's Java
 * serialization, or by another application) is unreadable, so a miss; and an earlier release reads these values as
 * misses too: its JSON reader refuses the control character, its Java serialization the missing stream header.
 * <p>
 * A class whose value JSON could not store once is written with Java serialization from then on, without trying
 * JSON again.
 *
 * @author Azure Redis Cache contributors
 */
final class JCacheValueFormat implements RedisSerializer<Object> {

	static final byte MARK = 0x01;

	static final byte JSON = 'J';

	static final byte JAVA_SERIALIZATION = 'S';

	private static final String JDK_ADVICE = "set azure.redis.cache.serialization=jdk for Serializable values";

	private final AllowListJsonRedisSerializer json;

	private final AllowListJdkRedisSerializer javaSerialization;

	private final boolean jsonFirst;

	private final Set<Class<?>> javaSerialized = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the format.
	 * @param json the starter's JSON
	 * @param javaSerialization Java serialization behind the allow-list
	 * @param jsonFirst whether values are written as JSON where JSON stores them faithfully
	 * ({@code serialization=json}), or always with Java serialization ({@code serialization=jdk})
	 */
	JCacheValueFormat(AllowListJsonRedisSerializer json, AllowListJdkRedisSerializer javaSerialization,
			boolean jsonFirst) {
		this.json = json;
		this.javaSerialization = javaSerialization;
		this.jsonFirst = jsonFirst;
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		Object stored = (value != null) ? value : NullValue.INSTANCE;
		if (!this.jsonFirst) {
			return marked(JAVA_SERIALIZATION, this.javaSerialization.serialize(stored));
		}
		if (!this.javaSerialized.contains(stored.getClass())) {
			try {
				return marked(JSON, this.json.serialize(stored));
			}
			catch (UncacheableValueException ex) {
				if (!(stored instanceof Serializable)) {
					throw forJCache(ex);
				}
			}
		}
		byte[] serialized = this.javaSerialization.serialize(stored);
		this.javaSerialized.add(stored.getClass());
		return marked(JAVA_SERIALIZATION, serialized);
	}

	/** The JSON format's advice, as it applies to JCache, where Serializable values need no setting. */
	private static UncacheableValueException forJCache(UncacheableValueException ex) {
		String message = String.valueOf(ex.getMessage()).replace(JDK_ADVICE, "make it java.io.Serializable");
		return new UncacheableValueException(ex.getReason(), ex.getValueClass(), ex.getClasses(), message, ex);
	}

	private static byte[] marked(byte format, byte[] bytes) {
		byte[] marked = new byte[bytes.length + 2];
		marked[0] = MARK;
		marked[1] = format;
		System.arraycopy(bytes, 0, marked, 2, bytes.length);
		return marked;
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		if (bytes == null) {
			return null;
		}
		if (bytes.length < 3 || bytes[0] != MARK) {
			throw new SerializationException("Cannot read a JCache value: it is not in this starter's JCache format "
					+ "(written by an earlier release of the starter, or by another application)");
		}
		byte[] content = Arrays.copyOfRange(bytes, 2, bytes.length);
		return switch (bytes[1]) {
			case JSON -> this.json.deserialize(content);
			case JAVA_SERIALIZATION -> this.javaSerialization.deserialize(content);
			default -> throw new SerializationException("Cannot read a JCache value: its format is unknown");
		};
	}

}
