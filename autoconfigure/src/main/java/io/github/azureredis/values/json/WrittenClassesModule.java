package io.github.azureredis.values.json;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonFormat;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.ser.PropertyWriter;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.bean.BeanSerializerBase;
import tools.jackson.databind.util.NameTransformer;

/**
 * Records the class of every bean (record, POJO) a value holds, also where its JSON names no class (a record field
 * of a record class), so that the first value holding a class the cache has not checked yet is checked
 * ({@link RoundTripCheck}), whichever value it comes in. Jackson has no hook per written object; this wraps its bean
 * serializers.
 *
 * @author Azure Redis Cache contributors
 */
final class WrittenClassesModule extends JacksonModule {

	private final WrittenClasses written;

	WrittenClassesModule(WrittenClasses written) {
		this.written = written;
	}

	@Override
	public String getModuleName() {
		return "azure-redis-cache-written-classes";
	}

	@Override
	public Version version() {
		return Version.unknownVersion();
	}

	@Override
	public void setupModule(SetupContext context) {
		context.addSerializerModifier(new ValueSerializerModifier() {

			private static final long serialVersionUID = 1L;

			@Override
			public ValueSerializer<?> modifySerializer(SerializationConfig config, BeanDescription.Supplier beanDesc,
					ValueSerializer<?> serializer) {
				return (serializer instanceof BeanSerializerBase) ? new Recording(serializer, WrittenClassesModule.this.written)
						: serializer;
			}

		});
	}

	/** A bean serializer that records the class of what it writes, then writes it as the bean serializer does. */
	@SuppressWarnings("unchecked")
	private static final class Recording extends ValueSerializer<Object> {

		private final ValueSerializer<Object> delegate;

		private final WrittenClasses written;

		Recording(ValueSerializer<?> delegate, WrittenClasses written) {
			this.delegate = (ValueSerializer<Object>) delegate;
			this.written = written;
		}

		private ValueSerializer<?> wrap(ValueSerializer<?> serializer) {
			if (serializer == this.delegate) {
				return this;
			}
			return (serializer instanceof Recording) ? serializer : new Recording(serializer, this.written);
		}

		@Override
		public void serialize(Object value, JsonGenerator gen, SerializationContext ctxt) {
			this.written.written(value.getClass());
			this.delegate.serialize(value, gen, ctxt);
		}

		@Override
		public void serializeWithType(Object value, JsonGenerator gen, SerializationContext ctxt,
				TypeSerializer typeSer) {
			this.written.written(value.getClass());
			this.delegate.serializeWithType(value, gen, ctxt, typeSer);
		}

		@Override
		public void resolve(SerializationContext ctxt) {
			this.delegate.resolve(ctxt);
		}

		@Override
		public ValueSerializer<?> createContextual(SerializationContext ctxt, BeanProperty property) {
			return wrap(this.delegate.createContextual(ctxt, property));
		}

		@Override
		public ValueSerializer<Object> unwrappingSerializer(NameTransformer unwrapper) {
			return (ValueSerializer<Object>) wrap(this.delegate.unwrappingSerializer(unwrapper));
		}

		@Override
		public ValueSerializer<Object> replaceDelegatee(ValueSerializer<?> delegatee) {
			return (ValueSerializer<Object>) wrap(this.delegate.replaceDelegatee(delegatee));
		}

		@Override
		public ValueSerializer<?> withFilterId(Object filterId) {
			return wrap(this.delegate.withFilterId(filterId));
		}

		@Override
		public ValueSerializer<?> withIgnoredProperties(Set<String> ignoredProperties) {
			return wrap(this.delegate.withIgnoredProperties(ignoredProperties));
		}

		@Override
		public ValueSerializer<?> withFormatOverrides(SerializationConfig config, JsonFormat.Value formatOverrides) {
			return wrap(this.delegate.withFormatOverrides(config, formatOverrides));
		}

		@Override
		public Class<?> handledType() {
			return this.delegate.handledType();
		}

		@Override
		public boolean usesObjectId() {
			return this.delegate.usesObjectId();
		}

		@Override
		public boolean isUnwrappingSerializer() {
			return this.delegate.isUnwrappingSerializer();
		}

		@Override
		public ValueSerializer<?> getDelegatee() {
			return this.delegate;
		}

		@Override
		public Iterator<PropertyWriter> properties() {
			return this.delegate.properties();
		}

		@Override
		public boolean isEmpty(SerializationContext ctxt, Object value) {
			return this.delegate.isEmpty(ctxt, value);
		}

		@Override
		public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType type) {
			this.delegate.acceptJsonFormatVisitor(visitor, type);
		}

	}

}
