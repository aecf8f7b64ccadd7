package io.github.azureredis.values.json;

import io.github.azureredis.values.ClassAllowList;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Jackson's check of polymorphic type ids (default typing and {@code @JsonTypeInfo(use = CLASS)}) against the
 * {@link ClassAllowList}: by name, so that a refused class is not loaded; never undecided, so that Jackson does not
 * load a class to ask again. A refusal says which class and which property extends the list.
 *
 * @author Azure Redis Cache contributors
 */
final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {

	private static final long serialVersionUID = 1L;

	private final transient ClassAllowList allowList;

	AllowListTypeValidator(ClassAllowList allowList) {
		this.allowList = allowList;
	}

	@Override
	public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
		if (!this.allowList.allows(subClassName)) {
			throw new NotAllowedClassException(subClassName, this.allowList);
		}
		return Validity.ALLOWED;
	}

	@Override
	public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
		String refused = this.allowList.firstRefused(subType.toCanonical());
		if (refused != null) {
			throw new NotAllowedClassException(refused, this.allowList);
		}
		return Validity.ALLOWED;
	}

}
