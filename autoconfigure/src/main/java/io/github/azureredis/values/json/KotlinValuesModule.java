package io.github.azureredis.values.json;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonProperty;
import kotlin.collections.CollectionsKt;
import kotlin.collections.MapsKt;
import kotlin.collections.SetsKt;
import kotlin.jvm.JvmInline;
import kotlin.ranges.CharRange;
import kotlin.ranges.IntRange;
import kotlin.ranges.LongRange;
import kotlin.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.WritableTypeId;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.module.kotlin.KotlinFeature;
import tools.jackson.module.kotlin.KotlinModule;

/**
 * Kotlin's classes in cached JSON, on top of Jackson's Kotlin module (which reads a class through its primary
 * constructor, by the parameter names Kotlin records, with Kotlin's defaults and null-safety, and reads an
 * {@code object} back as the one instance): what the Kotlin module lacks for a cache.
 * <ul>
 * <li>{@code emptyList()}, {@code emptySet()}, {@code emptyMap()} read back as the standard library's singletons,
 * and {@code buildList}, {@code buildSet}, {@code buildMap} results as read-only collections of the same class
 * (Jackson would make a second "empty" instance, or fail).</li>
 * <li>{@code IntRange}, {@code LongRange} and {@code CharRange} read their start back (the Kotlin module writes it
 * through a getter, which the cache's format does not use).</li>
 * <li>A value class where the declared type does not determine it ({@code List<Sku>}, {@code kotlin.time.Duration}
 * as a value of {@code Any}) keeps its class in the JSON: the Kotlin module writes it as the value it wraps, whose
 * class would then be the one named.</li>
 * </ul>
 * Loaded only when Kotlin and the Kotlin module are on the class path ({@link KotlinValues}).
 *
 * @author Azure Redis Cache contributors
 */
final class KotlinValuesModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	private static final String COLLECTIONS = "kotlin.collections.";

	private static final String BUILDERS = "kotlin.collections.builders.";

	KotlinValuesModule() {
		super("azure-redis-cache-kotlin-values");
		setMixInAnnotation(IntRange.class, RangeStart.class);
		setMixInAnnotation(LongRange.class, RangeStart.class);
		setMixInAnnotation(CharRange.class, RangeStart.class);
		addDeserializer(Duration.class, new DurationDeserializer());
	}

	// Singleton support is on by default since Jackson 3; the cache depends on it, so it is set here all the same.
	@Override
	public Iterable<? extends JacksonModule> getDependencies() {
		return List.of(new KotlinModule.Builder().enable(KotlinFeature.SingletonSupport).build());
	}

	@Override
	public void setupModule(SetupContext context) {
		super.setupModule(context);
		context.addDeserializers(new JdkCollectionsModule.RebuildingDeserializers(KotlinValuesModule::collection,
				KotlinValuesModule::map));
		context.addSerializerModifier(new ValueClassTypeIds());
	}

	/** How to build the standard library collection class of that name, or {@code null} if it is not one. */
	static @Nullable Function<List<Object>, Object> collection(String className) {
		return switch (className) {
			case COLLECTIONS + "EmptyList" -> (elements) -> CollectionsKt.emptyList();
			case COLLECTIONS + "EmptySet" -> (elements) -> SetsKt.emptySet();
			case BUILDERS + "ListBuilder" -> (elements) -> {
				List<Object> list = CollectionsKt.createListBuilder(elements.size());
				list.addAll(elements);
				return CollectionsKt.build(list);
			};
			case BUILDERS + "SetBuilder" -> (elements) -> {
				Set<Object> set = SetsKt.createSetBuilder(elements.size());
				set.addAll(elements);
				return SetsKt.build(set);
			};
			default -> null;
		};
	}

	/** How to build the standard library map class of that name, or {@code null} if it is not one. */
	static @Nullable Function<Map<Object, Object>, Object> map(String className) {
		return switch (className) {
			case COLLECTIONS + "EmptyMap" -> (entries) -> MapsKt.emptyMap();
			case BUILDERS + "MapBuilder" -> (entries) -> {
				Map<Object, Object> map = MapsKt.createMapBuilder(entries.size());
				map.putAll(entries);
				return MapsKt.build(map);
			};
			default -> null;
		};
	}

	/**
	 * Reads a {@code kotlin.time.Duration} from the number the Kotlin module writes: the value it wraps, as a data
	 * class field of that type holds it. The Kotlin module has no deserializer of its own for it (only one that reads
	 * a {@code java.time.Duration}, which it writes when told to convert). {@code box-impl} is how compiled Kotlin code
	 * boxes a value class; Java cannot name it.
	 */
	private static final class DurationDeserializer extends StdDeserializer<Duration> {

		private static final MethodHandle BOX;

		static {
			try {
				BOX = MethodHandles.publicLookup()
					.findStatic(Duration.class, "box-impl", MethodType.methodType(Duration.class, long.class));
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("kotlin.time.Duration cannot be boxed", ex);
			}
		}

		DurationDeserializer() {
			super(Duration.class);
		}

		@Override
		public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
			if (!p.currentToken().isNumeric()) {
				return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
			}
			long raw = p.getLongValue();
			try {
				return (Duration) BOX.invokeExact(raw);
			}
			catch (Throwable ex) {
				throw new IllegalStateException("kotlin.time.Duration cannot be boxed", ex);
			}
		}

	}

	/** Writes a range's start, which the Kotlin module reads back through the constructor. */
	abstract static class RangeStart {

		@JsonProperty("start")
		abstract Object getStart();

	}

	/** Names a value class in front of the value it wraps, wherever the JSON names the class. */
	private static final class ValueClassTypeIds extends ValueSerializerModifier {

		private static final long serialVersionUID = 1L;

		@Override
		public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
				ValueSerializer<?> serializer) {
			return beanDesc.getBeanClass().isAnnotationPresent(JvmInline.class) ? new TypedValueClass(serializer)
					: serializer;
		}

	}

	/** The Kotlin module's serializer of a value class, writing the value class's own type id. */
	@SuppressWarnings("unchecked")
	private static final class TypedValueClass extends ValueSerializer<Object> {

		private final ValueSerializer<Object> delegate;

		TypedValueClass(ValueSerializer<?> delegate) {
			this.delegate = (ValueSerializer<Object>) delegate;
		}

		@Override
		public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
			this.delegate.serialize(value, gen, ctxt);
		}

		@Override
		public void serializeWithType(Object value, JsonGenerator gen, SerializationContext ctxt,
				TypeSerializer typeSer) {
			WritableTypeId typeId = typeSer.writeTypePrefix(gen, ctxt,
					typeSer.typeId(value, JsonToken.VALUE_EMBEDDED_OBJECT));
			this.delegate.serialize(value, gen, ctxt);
			typeSer.writeTypeSuffix(gen, ctxt, typeId);
		}

		@Override
		public ValueSerializer<?> createContextual(SerializationContext ctxt, BeanProperty property) {
			ValueSerializer<?> contextual = this.delegate.createContextual(ctxt, property);
			return (contextual == this.delegate) ? this : new TypedValueClass(contextual);
		}

		@Override
		public void resolve(SerializationContext ctxt) {
			this.delegate.resolve(ctxt);
		}

		@Override
		public Class<?> handledType() {
			return this.delegate.handledType();
		}

		@Override
		public boolean isEmpty(SerializationContext ctxt, Object value) {
			return this.delegate.isEmpty(ctxt, value);
		}

	}

}
