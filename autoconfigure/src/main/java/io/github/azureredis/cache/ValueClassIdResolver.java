package io.github.azureredis.cache;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.impl.ClassNameIdResolver;

/**
 * Jackson's class-name type ids for cached values, which refuses to write a class that could not be read back (not in
 * the allow-list) and records the classes it names for the check that they read back as written.
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
		return written(value.getClass(), super.idFromValue(ctxt, value));
	}

	@Override
	public String idFromValueAndType(DatabindContext ctxt, Object value, Class<?> type) {
		return written(type, super.idFromValueAndType(ctxt, value, type));
	}

	private String written(Class<?> type, String id) {
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
