package io.github.azureredis.jcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.WarningInterval;
import io.github.azureredis.values.jdk.AllowListObjectInputStream;
import io.github.azureredis.values.jdk.AllowListObjectOutputStream;
import io.github.azureredis.values.jdk.AllowListObjectOutputStream.NotAllowedClassException;
import io.github.azureredis.values.ClassAllowList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JCache keys as the bytes of Redis hash fields, by value: equal keys give the same bytes, unequal keys never do, and
 * a key reads back as an equal key of the same class. Keys are looked up by their bytes, so the encoding of equal keys
 * must not vary.
 * <ul>
 * <li>A {@code String} is its UTF-8 bytes, readable in Redis. It never starts with a NUL character: a string that does
 * (or that holds an unpaired surrogate, which UTF-8 cannot carry) takes the typed form below.</li>
 * <li>Every other key is typed: a NUL character, a letter naming the form, and text. {@code Long}s and
 * {@code Integer}s are their decimal digits ({@code \0L42}, {@code \0I42}), so {@code 42L}, {@code 42} and
 * {@code "42"} are three keys. Other keys ({@code UUID}s, enums, records, Spring's {@code SimpleKey}, Hibernate's
 * {@code CacheKeyImplementation} and {@code QueryKey}...) are their Java serialization in base64 ({@code \0J...}),
 * so the whole state their {@code equals} compares is in the key. A record that is not {@code Serializable} is
 * written as its class and components and rebuilt through its canonical constructor.</li>
 * </ul>
 * Every key is valid UTF-8 text: a release that took every field for a string still finds, and so can remove, them.
 * <p>
 * Keys are read back when a cache is iterated, from data anyone who can write to Redis may have written: a serialized
 * key names only classes of the allow-list, checked before they are loaded. A key that cannot be read (a refused
 * class, malformed text) reads as an {@link UnreadableKey} that writes back its own bytes, so that the entry can still
 * be removed, and that iteration skips.
 * <p>
 * Equal keys whose serialized state differs (a field their {@code equals} ignores, a {@code HashSet} whose equal
 * contents iterate in another order, two fields that share one instance in one key and hold equal copies in the
 * other) are different keys: a miss, never another key's value. A key must not hold what differs from JVM to JVM,
 * such as an identity hash code, or the instances of an application would not share its entry: Hibernate's keys,
 * which cache a hash code that is an enum's identity hash code when their id holds an enum, are written without it
 * ({@link HibernateKey}). Neither Jackson nor Java serialization promises
 * one form per equal value, and keys are compared by their bytes in Redis.
 *
 * @author Azure Redis Cache contributors
 */
final class JCacheKeys {

	private static final Logger logger = LoggerFactory.getLogger(JCacheKeys.class);

	static final byte TYPED = 0;

	static final byte LONG = 'L';

	static final byte INTEGER = 'I';

	static final byte SERIALIZED = 'J';

	private final ClassAllowList allowList;

	private final ClassLoader classLoader;

	private final WarningInterval warnings = new WarningInterval(Duration.ofMinutes(1));

	/**
	 * Creates the key format.
	 * @param allowList the classes serialized keys may name
	 * @param classLoader the class loader of the application's classes
	 */
	JCacheKeys(ClassAllowList allowList, ClassLoader classLoader) {
		this.allowList = allowList.withClasses(List.of(RecordKey.class.getName(), HibernateKey.class.getName()));
		this.classLoader = classLoader;
	}

	/**
	 * The bytes of a key.
	 * @param key the key
	 * @return its bytes
	 * @throws UncacheableValueException if the key cannot be written (a class that is neither {@code Serializable}
	 * nor a record, or one outside the allow-list)
	 */
	byte[] encode(Object key) {
		if (key instanceof String string && isPlain(string)) {
			return string.getBytes(StandardCharsets.UTF_8);
		}
		if (key instanceof Long number) {
			return typed(LONG, Long.toString(number).getBytes(StandardCharsets.US_ASCII));
		}
		if (key instanceof Integer number) {
			return typed(INTEGER, Integer.toString(number).getBytes(StandardCharsets.US_ASCII));
		}
		if (key instanceof UnreadableKey unreadable) {
			return unreadable.bytes();
		}
		return typed(SERIALIZED, Base64.getEncoder().encode(serialize(key)));
	}

	private static boolean isPlain(String string) {
		if (string.isEmpty()) {
			return true;
		}
		if (string.charAt(0) == TYPED) {
			return false;
		}
		for (int i = 0; i < string.length(); i++) {
			char c = string.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < string.length()
					&& Character.isLowSurrogate(string.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static byte[] typed(byte form, byte[] text) {
		byte[] bytes = new byte[text.length + 2];
		bytes[0] = TYPED;
		bytes[1] = form;
		System.arraycopy(text, 0, bytes, 2, text.length);
		return bytes;
	}

	private byte[] serialize(Object key) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try (KeyOutputStream out = new KeyOutputStream(bytes, this.allowList)) {
			out.writeChecked(key);
		}
		catch (NotAllowedClassException ex) {
			throw new UncacheableValueException(UncacheableValueException.Reason.NOT_ALLOWED, key.getClass().getName(),
					"keys of class " + key.getClass().getTypeName() + " are not stored: they hold a class "
							+ ex.className() + " whose package is not in azure.redis.cache.allowed-packages "
							+ this.allowList.packages() + ". Add the package to azure.redis.cache.allowed-packages.",
					ex);
		}
		catch (NotSerializableException ex) {
			throw new UncacheableValueException(UncacheableValueException.Reason.NOT_FAITHFUL,
					key.getClass().getName(), "keys of class " + key.getClass().getTypeName() + " are not stored: "
							+ "they hold a " + ex.getMessage() + ", which is neither a record nor java.io.Serializable. "
							+ "Use a record, a String, a number or a Serializable class as the key.",
					ex);
		}
		catch (IOException | RuntimeException ex) {
			throw new UncacheableValueException(UncacheableValueException.Reason.NOT_FAITHFUL,
					key.getClass().getName(), "keys of class " + key.getClass().getTypeName()
							+ " are not stored: Java serialization failed (" + ex + ").",
					ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The key of some bytes.
	 * @param bytes the bytes of a hash field
	 * @return the key, or an {@link UnreadableKey}
	 */
	Object decode(byte[] bytes) {
		if (bytes.length == 0 || bytes[0] != TYPED) {
			try {
				return StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(bytes))
					.toString();
			}
			catch (CharacterCodingException ex) {
				return unreadable(bytes, "it is not UTF-8 text");
			}
		}
		if (bytes.length < 3) {
			return unreadable(bytes, "it is too short");
		}
		byte[] text = Arrays.copyOfRange(bytes, 2, bytes.length);
		return switch (bytes[1]) {
			case LONG, INTEGER -> number(bytes, text);
			case SERIALIZED -> deserialize(bytes, text);
			default -> unreadable(bytes, "its form is unknown");
		};
	}

	private Object number(byte[] bytes, byte[] text) {
		String digits = new String(text, StandardCharsets.US_ASCII);
		try {
			Object number = (bytes[1] == LONG) ? (Object) Long.parseLong(digits) : (Object) Integer.parseInt(digits);
			// Only the form this class writes: "\0L007" is not the key 7.
			return Arrays.equals(encode(number), bytes) ? number : unreadable(bytes, "its number is not canonical");
		}
		catch (NumberFormatException ex) {
			return unreadable(bytes, "it is not a number");
		}
	}

	private Object deserialize(byte[] bytes, byte[] text) {
		byte[] serialized;
		try {
			serialized = Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			return unreadable(bytes, "it is not base64");
		}
		try (KeyInputStream in = new KeyInputStream(new ByteArrayInputStream(serialized), this.allowList,
				this.classLoader)) {
			return in.readObject();
		}
		catch (AllowListObjectInputStream.RefusedClassException ex) {
			return unreadable(bytes, "it names class " + ex.className() + ", which is not in "
					+ "azure.redis.cache.allowed-packages " + this.allowList.packages());
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			return unreadable(bytes, "it cannot be deserialized (" + ex + ")");
		}
	}

	private UnreadableKey unreadable(byte[] bytes, String reason) {
		if (this.warnings.due()) {
			logger.warn("Skipping a JCache key that cannot be read ({} bytes): {}", bytes.length, reason);
		}
		return new UnreadableKey(bytes);
	}

	/**
	 * Writes a record that is not {@code Serializable} as a {@link RecordKey}, and Hibernate's keys without the hash
	 * codes they cache ({@link HibernateKey}).
	 */
	private static final class KeyOutputStream extends AllowListObjectOutputStream {

		KeyOutputStream(ByteArrayOutputStream out, ClassAllowList allowList) throws IOException {
			super(out, allowList);
			enableReplaceObject(true);
		}

		@Override
		protected Object replaceObject(Object object) throws IOException {
			if (object instanceof Record record && !(object instanceof Serializable)) {
				return RecordKey.of(record);
			}
			HibernateKey hibernateKey = HibernateKey.of(object);
			return (hibernateKey != null) ? hibernateKey : object;
		}

	}

	/**
	 * Rebuilds the records of {@link RecordKey}s and Hibernate's keys of {@link HibernateKey}s, whose classes the
	 * allow-list admits.
	 */
	private static final class KeyInputStream extends AllowListObjectInputStream {

		private final ClassAllowList allowList;

		private final ClassLoader classLoader;

		KeyInputStream(ByteArrayInputStream in, ClassAllowList allowList, ClassLoader classLoader)
				throws IOException {
			super(in, allowList, classLoader);
			this.allowList = allowList;
			this.classLoader = classLoader;
			enableResolveObject(true);
		}

		@Override
		protected Object resolveObject(Object object) throws IOException {
			if (object instanceof RecordKey record) {
				return record.toRecord(this.allowList, this.classLoader);
			}
			return (object instanceof HibernateKey key) ? key.toKey(this.allowList, this.classLoader) : object;
		}

	}

	/**
	 * A record that is not {@code Serializable}, as its class name and components.
	 */
	static final class RecordKey implements Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

		private final String type;

		private final Object[] components;

		private RecordKey(String type, Object[] components) {
			this.type = type;
			this.components = components;
		}

		static RecordKey of(Record record) throws IOException {
			RecordComponent[] components = record.getClass().getRecordComponents();
			Object[] values = new Object[components.length];
			try {
				for (int i = 0; i < components.length; i++) {
					java.lang.reflect.Method accessor = components[i].getAccessor();
					accessor.setAccessible(true);
					values[i] = accessor.invoke(record);
				}
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				throw new NotSerializableException(record.getClass().getName());
			}
			return new RecordKey(record.getClass().getName(), values);
		}

		Record toRecord(ClassAllowList allowList, ClassLoader classLoader) throws IOException {
			if (!allowList.allows(this.type)) {
				throw new AllowListObjectInputStream.RefusedClassException(this.type);
			}
			try {
				Class<?> recordClass = Class.forName(this.type, false, classLoader);
				if (!recordClass.isRecord()) {
					throw new InvalidObjectException(this.type + " is not a record");
				}
				Class<?>[] types = Arrays.stream(recordClass.getRecordComponents())
					.map(RecordComponent::getType)
					.toArray(Class<?>[]::new);
				Constructor<?> constructor = recordClass.getDeclaredConstructor(types);
				constructor.setAccessible(true);
				return (Record) constructor.newInstance(this.components);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				InvalidObjectException invalid = new InvalidObjectException("cannot rebuild a " + this.type);
				invalid.initCause(ex);
				throw invalid;
			}
		}

	}

}
