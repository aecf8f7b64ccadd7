package io.github.azureredis.values.json;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.azureredis.values.ClassAllowList;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;
import tools.jackson.databind.type.TypeFactory;

/**
 * Jackson's class-name type ids for cached values, which refuses to write a class that could not be read back (not in
 * the allow-list) and records the classes it names for the check that they read back as written. Jackson's own
 * {@link ClassNameIdResolver} writes any class, and names an {@code EnumSet} or {@code EnumMap} without its enum,
 * which it reads from a JDK field it cannot open when the set is empty.
 *
 * @author Azure Redis Cache contributors
 */
final class ValueClassIdResolver extends ClassNameIdResolver {

	private final ClassAllowList allowList;

	private final WrittenClasses written;

	private final Set<String> allowedIds;

	ValueClassIdResolver(JavaType baseType, Collection<NamedType> subtypes, PolymorphicTypeValidator validator,
			ClassAllowList allowList, WrittenClasses written, Set<String> allowedIds) {
		super(baseType, subtypes, validator);
		this.allowList = allowList;
		this.written = written;
		this.allowedIds = allowedIds;
	}

	static Set<String> newAllowedIds() {
		return ConcurrentHashMap.newKeySet();
	}

	@Override
	public String idFromValue(DatabindContext ctxt, Object value) {
		if (value instanceof EnumSet<?> set) {
			return written(value.getClass(), ctxt.getTypeFactory()
				.constructCollectionType(EnumSet.class, elementType(set))
				.toCanonical());
		}
		if (value instanceof EnumMap<?, ?> map) {
			TypeFactory types = ctxt.getTypeFactory();
			return written(value.getClass(), types
				.constructMapType(EnumMap.class, types.constructType(keyType(map)), valueType(types))
				.toCanonical());
		}
		return written(value.getClass(), super.idFromValue(ctxt, value));
	}

	/**
	 * The enum of an {@code EnumSet}. Jackson reads it from a private field, which the JDK does not open, when the
	 * set is empty; but the complement of an empty set holds every constant.
	 */
	private Class<?> elementType(EnumSet<?> set) {
		EnumSet<?> some = set.isEmpty() ? EnumSet.complementOf(set) : set;
		if (!some.isEmpty()) {
			return some.iterator().next().getDeclaringClass();
		}
		JavaType declared = this._baseType.getContentType();
		if (declared != null && declared.isEnumType()) {
			return declared.getRawClass();
		}
		throw new IllegalArgumentException("an empty EnumSet of an enum without constants cannot be written");
	}

	/** The enum of an {@code EnumMap}: of its first key, or of the type it is declared as when it is empty. */
	private Class<?> keyType(EnumMap<?, ?> map) {
		if (!map.isEmpty()) {
			return map.keySet().iterator().next().getDeclaringClass();
		}
		JavaType declared = this._baseType.getKeyType();
		if (declared != null && declared.isEnumType()) {
			return declared.getRawClass();
		}
		throw new IllegalArgumentException("an empty EnumMap whose declared type does not name its enum cannot be "
				+ "written: declare it as EnumMap<K, V>, or cache a HashMap");
	}

	/**
	 * The values' type of an {@code EnumMap}: the declared one, since Jackson writes the values as that type (without
	 * a type id of their own when it determines their class, a {@code BigDecimal} for example), so they must be read
	 * as that type too; {@code Object} when nothing is declared, and then every value carries its own type id.
	 */
	private JavaType valueType(TypeFactory types) {
		JavaType declared = this._baseType.isMapLikeType() ? this._baseType.getContentType() : null;
		return (declared != null) ? declared : types.constructType(Object.class);
	}

	@Override
	public String idFromValueAndType(DatabindContext ctxt, Object value, Class<?> type) {
		return written(type, super.idFromValueAndType(ctxt, value, type));
	}

	private String written(Class<?> type, String id) {
		List<String> lost = UnwrittenFields.of(type);
		if (!lost.isEmpty()) {
			throw new IllegalArgumentException(type.getName() + " extends a JDK collection or map, which Jackson writes "
					+ "as its elements or entries only: its fields " + lost + " would be lost. Cache a record holding the "
					+ "collection and those fields instead");
		}
		// The id, not the class: an EnumSet's id names its element type.
		if (!this.allowedIds.contains(id)) {
			String refused = this.allowList.firstRefused(id);
			if (refused != null) {
				throw new NotAllowedClassException(refused, this.allowList);
			}
			this.allowedIds.add(id);
		}
		this.written.written(type);
		return id;
	}

}
