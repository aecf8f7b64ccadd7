package io.github.azureredis.values.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.azureredis.values.ClassAllowList;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.TypeIdResolver;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

/**
 * Where cached JSON carries class names: wherever the declared type does not determine the class of the value
 * (Jackson's {@code NON_FINAL} default typing: {@code Object}, type variables, interfaces, abstract and other
 * non-final classes), as {@code ["com.example.Circle",{...}]}. Final classes, records among them, need none; nor do
 * {@code BigDecimal} and {@code BigInteger}, whose subclasses are not cached values. It is Jackson's own
 * {@link DefaultTypeResolverBuilder} with the starter's type ids ({@link ValueClassIdResolver}).
 *
 * @author Azure Redis Cache contributors
 */
final class ValueTypeResolverBuilder extends DefaultTypeResolverBuilder {

	private static final long serialVersionUID = 1L;

	private final transient ClassAllowList allowList;

	private final transient WrittenClasses written;

	private final transient Set<String> allowedIds;

	ValueTypeResolverBuilder(PolymorphicTypeValidator validator, ClassAllowList allowList, WrittenClasses written) {
		super(validator, DefaultTyping.NON_FINAL, JsonTypeInfo.As.WRAPPER_ARRAY);
		this.allowList = allowList;
		this.written = written;
		this.allowedIds = ValueClassIdResolver.newAllowedIds();
	}

	private ValueTypeResolverBuilder(ValueTypeResolverBuilder base, Class<?> defaultImpl) {
		super(base, defaultImpl);
		this.allowList = base.allowList;
		this.written = base.written;
		this.allowedIds = base.allowedIds;
	}

	@Override
	public DefaultTypeResolverBuilder withDefaultImpl(Class<?> defaultImpl) {
		return (this._defaultImpl == defaultImpl) ? this : new ValueTypeResolverBuilder(this, defaultImpl);
	}

	@Override
	public boolean useForType(JavaType type) {
		if (type.hasRawClass(BigDecimal.class) || type.hasRawClass(BigInteger.class)) {
			return false;
		}
		return super.useForType(type);
	}

	@Override
	protected TypeIdResolver idResolver(DatabindContext ctxt, JavaType baseType,
			PolymorphicTypeValidator subtypeValidator, Collection<NamedType> subtypes, boolean forSer,
			boolean forDeser) {
		return new ValueClassIdResolver(baseType, subtypes, subtypeValidator, this.allowList, this.written,
				this.allowedIds);
	}

}
