package io.github.azureredis.values.jdk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;

import io.github.azureredis.values.ClassAllowList;
import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.jdk.AllowListObjectInputStream.RefusedClassException;
import io.github.azureredis.values.jdk.AllowListObjectOutputStream.NotAllowedClassException;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Cache values in Java serialization, the format of Spring Boot's default Redis cache, read through an
 * {@link AllowListObjectInputStream}: a value naming a class outside the {@link ClassAllowList} is refused before
 * that class is loaded. Writes check the same list, class by class as the stream describes them, so that a value that
 * could not be read back is not cached ({@link UncacheableValueException}) rather than stored and never read; a
 * value that is not {@code Serializable} is not cached either. Spring Data's {@code JdkSerializationRedisSerializer}
 * reads any class.
 *
 * @author Azure Redis Cache contributors
 */
public final class AllowListJdkRedisSerializer implements RedisSerializer<Object> {

	private static final byte[] EMPTY = new byte[0];

	private final ClassAllowList allowList;

	private final ClassLoader classLoader;

	/**
	 * Creates a serializer.
	 * @param allowList the classes values may hold
	 * @param classLoader the class loader of the application's classes
	 */
	public AllowListJdkRedisSerializer(ClassAllowList allowList, ClassLoader classLoader) {
		this.allowList = allowList;
		this.classLoader = classLoader;
	}

	/** @return the classes values may hold */
	public ClassAllowList allowList() {
		return this.allowList;
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		if (value == null) {
			return EMPTY;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (AllowListObjectOutputStream out = new AllowListObjectOutputStream(bytes, this.allowList)) {
			out.writeChecked(value);
		}
		catch (NotAllowedClassException ex) {
			throw new UncacheableValueException(UncacheableValueException.Reason.NOT_ALLOWED,
					value.getClass().getName(), "values of class " + value.getClass().getTypeName()
							+ " are not cached: they hold a " + notAllowed(ex.className()) + ".",
					ex);
		}
		catch (NotSerializableException ex) {
			throw new UncacheableValueException(UncacheableValueException.Reason.NOT_FAITHFUL,
					value.getClass().getName(), "values of class " + value.getClass().getTypeName()
							+ " are not cached: they cannot be serialized (" + ex.getMessage() + " does not implement "
							+ "java.io.Serializable). With azure.redis.cache.serialization=jdk cached classes must "
							+ "implement java.io.Serializable; the default, serialization=json, does not need it.",
					ex);
		}
		catch (IOException | RuntimeException ex) {
			throw new UncacheableValueException(UncacheableValueException.Reason.NOT_FAITHFUL,
					value.getClass().getName(), "values of class " + value.getClass().getTypeName()
							+ " are not cached: Java serialization failed (" + ex + ").",
					ex);
		}
		return bytes.toByteArray();
	}

	private String notAllowed(String className) {
		if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")) {
			return "class " + className + " that Java-serialized values may not hold: they hold the JDK's value types, "
					+ "collections and java.time, not other JDK classes. Cache a value of your own that holds what you "
					+ "need of it";
		}
		return "class " + className + " whose package is not in azure.redis.cache.allowed-packages "
				+ this.allowList.packages() + ". Add the package to azure.redis.cache.allowed-packages";
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		if (bytes == null || bytes.length == 0) {
			return null;
		}
		try (AllowListObjectInputStream in = new AllowListObjectInputStream(new ByteArrayInputStream(bytes),
				this.allowList, this.classLoader)) {
			return in.readObject();
		}
		catch (RefusedClassException ex) {
			throw refused(ex.className(), ex);
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			throw new SerializationException("Cannot read a Java-serialized cached value: " + ex, ex);
		}
	}

	private SerializationException refused(String className, Exception ex) {
		return new SerializationException("Refused to read a cached value naming class " + className
				+ ": it is not in azure.redis.cache.allowed-packages " + this.allowList.packages()
				+ " nor among the JDK, Spring and Hibernate classes that are always allowed", ex);
	}

}
