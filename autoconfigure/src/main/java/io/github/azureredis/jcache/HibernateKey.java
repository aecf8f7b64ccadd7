package io.github.azureredis.jcache;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Objects;

import io.github.azureredis.values.ClassAllowList;
import io.github.azureredis.values.jdk.AllowListObjectInputStream;
import org.jspecify.annotations.Nullable;

/**
 * One of Hibernate ORM's second-level cache keys without the hash code it caches, as {@link JCacheKeys} writes it.
 * Hibernate's entity, collection and natural-id keys and its query keys' parameter bindings carry the hash code they
 * were built with, which Java serialization writes, and which differs from JVM to JVM when the id, natural id or a
 * query parameter holds an enum (its hash code is its identity hash code) or a class without a hash code of its own:
 * the instances of an application would write one entry under as many keys, and read their own stale entries after
 * another instance updated or evicted it. This form holds the state the keys' {@code equals} compares, in the order
 * Hibernate keeps it.
 * <p>
 * Read back, it is Hibernate's key again, with a hash code computed in this JVM from the values' own hash codes,
 * which is Hibernate's for ids of basic types (numbers, strings, UUIDs); for other ids it may differ from the one
 * Hibernate computes with the id's type, and the key then is not {@code equals} to Hibernate's. Keys are read back
 * only when a cache is iterated, as {@code removeAll} does, which writes them again: their bytes are the same.
 *
 * @author Azure Redis Cache contributors
 */
final class HibernateKey implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	static final String ENTITY_OR_COLLECTION = "org.hibernate.cache.internal.CacheKeyImplementation";

	static final String BASIC = "org.hibernate.cache.internal.BasicCacheKeyImplementation";

	static final String NATURAL_ID = "org.hibernate.cache.internal.NaturalIdCacheKey";

	static final String QUERY_PARAMETERS = "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl";

	private final String type;

	private final @Nullable Object[] state;

	private HibernateKey(String type, @Nullable Object... state) {
		this.type = type;
		this.state = state;
	}

	/**
	 * The form of one of Hibernate's keys.
	 * @param object an object written in a key
	 * @return its form without a hash code, or {@code null} if it is not one of Hibernate's keys that cache one
	 * @throws NotSerializableException if it is one of them, but not of a shape this class knows (another release of
	 * Hibernate): such a key is not stored, rather than stored under a form that varies
	 */
	static @Nullable HibernateKey of(Object object) throws NotSerializableException {
		String type = object.getClass().getName();
		try {
			return switch (type) {
				case ENTITY_OR_COLLECTION -> new HibernateKey(type, invoke(object, "getId"),
						invoke(object, "getEntityOrRoleName"), invoke(object, "getTenantId"));
				case BASIC -> new HibernateKey(type, invoke(object, "getId"), invoke(object, "getEntityOrRoleName"));
				case NATURAL_ID -> new HibernateKey(type, invoke(object, "getNaturalIdValues"),
						invoke(object, "getEntityName"), invoke(object, "getTenantId"));
				case QUERY_PARAMETERS -> new HibernateKey(type, field(object, "values"));
				default -> null;
			};
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			NotSerializableException unknown = new NotSerializableException(
					type + " (a shape of Hibernate's key this release of the starter does not know)");
			unknown.initCause(ex);
			throw unknown;
		}
	}

	private static @Nullable Object invoke(Object object, String getter) throws ReflectiveOperationException {
		return object.getClass().getMethod(getter).invoke(object);
	}

	private static @Nullable Object field(Object object, String name) throws ReflectiveOperationException {
		Field field = object.getClass().getDeclaredField(name);
		field.setAccessible(true);
		return field.get(object);
	}

	/**
	 * Hibernate's key again.
	 * @param allowList the classes keys may name
	 * @param classLoader the class loader of Hibernate's classes
	 * @return the key
	 * @throws IOException if its class is refused or it cannot be rebuilt
	 */
	Object toKey(ClassAllowList allowList, ClassLoader classLoader) throws IOException {
		if (!allowList.allows(this.type)) {
			throw new AllowListObjectInputStream.RefusedClassException(this.type);
		}
		try {
			Class<?> keyClass = Class.forName(this.type, false, classLoader);
			return switch (this.type) {
				case ENTITY_OR_COLLECTION -> construct(keyClass,
						new Class<?>[] { Object.class, String.class, String.class, int.class }, this.state[0],
						this.state[1], this.state[2], 31 * hash(this.state[0]) + Objects.hashCode(this.state[2]));
				case BASIC -> construct(keyClass, new Class<?>[] { Serializable.class, String.class, int.class },
						this.state[0], this.state[1], hash(this.state[0]));
				case NATURAL_ID -> construct(keyClass,
						new Class<?>[] { Object.class, String.class, String.class, int.class }, this.state[0],
						this.state[1], this.state[2], hash(this.state[0]));
				case QUERY_PARAMETERS -> construct(keyClass, new Class<?>[] { Object[].class, int.class },
						this.state[0], hash(this.state[0]));
				default -> throw new InvalidObjectException("not one of Hibernate's keys: " + this.type);
			};
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			InvalidObjectException invalid = new InvalidObjectException("cannot rebuild a " + this.type);
			invalid.initCause(ex);
			throw invalid;
		}
	}

	private static Object construct(Class<?> keyClass, Class<?>[] parameterTypes, @Nullable Object... arguments)
			throws ReflectiveOperationException {
		Constructor<?> constructor = keyClass.getDeclaredConstructor(parameterTypes);
		constructor.setAccessible(true);
		return constructor.newInstance(arguments);
	}

	/** A value's hash code; an array's as Hibernate folds the hash codes of several values ({@code 37 * h + v}). */
	private static int hash(@Nullable Object value) {
		if (!(value instanceof Object[] values)) {
			return Objects.hashCode(value);
		}
		int hash = 0;
		for (Object element : values) {
			hash = 37 * hash + ((element instanceof Object[] array) ? Arrays.deepHashCode(array) : Objects.hashCode(element));
		}
		return hash;
	}

}
