package io.github.azureredis.values.json;

import io.github.azureredis.values.ClassAllowList;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;
import tools.jackson.databind.type.TypeModifier;
import tools.jackson.databind.util.ArrayBuilders;
import tools.jackson.databind.util.LookupCache;
import tools.jackson.databind.util.SimpleLookupCache;

/**
 * Jackson's {@link TypeFactory}, refusing to load a class the {@link ClassAllowList} does not allow. Every class name
 * Jackson reads from data becomes a class here (type ids, their generic parameters, {@code @JsonTypeInfo} properties,
 * {@code Class} values), so a name is checked before its class is loaded and its static initializer runs. Jackson's
 * own {@code PolymorphicTypeValidator} sees the type parameters of a generic type id only after their classes were
 * loaded, which is too late.
 *
 * @author Azure Redis Cache contributors
 */
final class AllowListTypeFactory extends TypeFactory {

	private static final long serialVersionUID = 1L;

	private final transient ClassAllowList allowList;

	AllowListTypeFactory(ClassAllowList allowList, ClassLoader classLoader) {
		this(new SimpleLookupCache<>(16, DEFAULT_MAX_CACHE_SIZE), null, classLoader, allowList);
	}

	private AllowListTypeFactory(LookupCache<Object, JavaType> typeCache, TypeModifier @Nullable [] modifiers,
			@Nullable ClassLoader classLoader, ClassAllowList allowList) {
		super(typeCache, modifiers, classLoader);
		this.allowList = allowList;
	}

	@Override
	protected Class<?> classForName(String name, boolean initialize, ClassLoader loader)
			throws ClassNotFoundException {
		check(name);
		return super.classForName(name, initialize, loader);
	}

	@Override
	protected Class<?> classForName(String name) throws ClassNotFoundException {
		check(name);
		return super.classForName(name);
	}

	private void check(String name) {
		if (!this.allowList.allows(name)) {
			throw new NotAllowedClassException(name, this.allowList);
		}
	}

	// Jackson copies its factory when it builds mappers and readers: the copies must keep the check.

	@Override
	public TypeFactory snapshot() {
		return new AllowListTypeFactory(this._typeCache.snapshot(), this._modifiers, this._classLoader,
				this.allowList);
	}

	@Override
	public TypeFactory withModifier(TypeModifier modifier) {
		TypeModifier[] modifiers = (this._modifiers != null)
				? ArrayBuilders.insertInListNoDup(this._modifiers, modifier) : new TypeModifier[] { modifier };
		return new AllowListTypeFactory(this._typeCache.emptyCopy(), modifiers, this._classLoader, this.allowList);
	}

	@Override
	public TypeFactory withClassLoader(ClassLoader classLoader) {
		return new AllowListTypeFactory(this._typeCache, this._modifiers, classLoader, this.allowList);
	}

	@Override
	public TypeFactory withCache(LookupCache<Object, JavaType> cache) {
		return new AllowListTypeFactory(cache, this._modifiers, this._classLoader, this.allowList);
	}

}
