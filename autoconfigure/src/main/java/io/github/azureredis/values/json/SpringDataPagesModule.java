package io.github.azureredis.values.json;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.WritableTypeId;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;

/**
 * Spring Data's paged results as cached JSON: {@code PageImpl}, {@code SliceImpl}, and the {@code PageRequest},
 * unpaged {@code Pageable} and {@code Sort} they carry, each read back as the class it was. They are what repositories
 * return, and Jackson cannot read them itself (they have no constructor it can use). Elements keep their own classes.
 * <p>
 * {@code {"content":[...],"pageable":{"page":0,"size":20,"sort":[...]},"total":42}}; an unpaged request has no
 * {@code page} and {@code size}.
 *
 * @author Azure Redis Cache contributors
 */
final class SpringDataPagesModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	/** The classes this module reads, which the allow-list admits by name. */
	static final List<String> CLASSES = List.of(PageImpl.class.getName(), SliceImpl.class.getName(),
			PageRequest.class.getName(), Pageable.unpaged().getClass().getName(), Sort.class.getName());

	@SuppressWarnings({ "unchecked", "rawtypes" })
	SpringDataPagesModule() {
		super("azure-redis-cache-spring-data-pages");
		addSerializer((Class) PageImpl.class, new ChunkSerializer<>(PageImpl.class));
		addSerializer((Class) SliceImpl.class, new ChunkSerializer<>(SliceImpl.class));
		addSerializer((Class) PageRequest.class, new PageableSerializer(PageRequest.class));
		addSerializer((Class) Pageable.unpaged().getClass(), new PageableSerializer(Pageable.unpaged().getClass()));
		addSerializer(Sort.class, new SortSerializer());
		addDeserializer((Class) PageImpl.class, new ChunkDeserializer(PageImpl.class));
		addDeserializer((Class) SliceImpl.class, new ChunkDeserializer(SliceImpl.class));
		addDeserializer((Class) PageRequest.class, new PageableDeserializer(PageRequest.class));
		addDeserializer((Class) Pageable.unpaged().getClass(), new PageableDeserializer(Pageable.unpaged().getClass()));
		addDeserializer(Sort.class, new SortDeserializer());
	}

	/** Writes a value whose class may need a type id in front of it. */
	private abstract static class ObjectSerializer<T> extends StdSerializer<T> {

		ObjectSerializer(Class<?> type) {
			super(type);
		}

		@Override
		public void serialize(T value, JsonGenerator gen, SerializationContext ctxt) {
			gen.writeStartObject(value);
			writeProperties(value, gen, ctxt);
			gen.writeEndObject();
		}

		@Override
		public void serializeWithType(T value, JsonGenerator gen, SerializationContext ctxt, TypeSerializer typeSer) {
			WritableTypeId typeId = typeSer.writeTypePrefix(gen, ctxt, typeSer.typeId(value, JsonToken.START_OBJECT));
			writeProperties(value, gen, ctxt);
			typeSer.writeTypeSuffix(gen, ctxt, typeId);
		}

		abstract void writeProperties(T value, JsonGenerator gen, SerializationContext ctxt);

	}

	private static final class ChunkSerializer<T extends Slice<?>> extends ObjectSerializer<T> {

		ChunkSerializer(Class<?> type) {
			super(type);
		}

		@Override
		void writeProperties(T slice, JsonGenerator gen, SerializationContext ctxt) {
			gen.writeName("content");
			gen.writeStartArray();
			// Elements as values of a List<Object>: each with its class.
			TypeSerializer elementType = ctxt.findTypeSerializer(ctxt.constructType(Object.class));
			for (Object element : slice.getContent()) {
				if (element == null) {
					gen.writeNull();
				}
				else {
					ValueSerializer<Object> serializer = ctxt.findValueSerializer(element.getClass());
					serializer.serializeWithType(element, gen, ctxt, elementType);
				}
			}
			gen.writeEndArray();
			gen.writeName("pageable");
			writePageable(slice.getPageable(), gen);
			if (slice instanceof Page<?> page) {
				gen.writeNumberProperty("total", page.getTotalElements());
			}
			else {
				gen.writeBooleanProperty("hasNext", slice.hasNext());
			}
		}

	}

	private static final class PageableSerializer extends ObjectSerializer<Pageable> {

		PageableSerializer(Class<?> type) {
			super(type);
		}

		@Override
		void writeProperties(Pageable pageable, JsonGenerator gen, SerializationContext ctxt) {
			writePageableProperties(pageable, gen);
		}

	}

	private static final class SortSerializer extends StdSerializer<Sort> {

		SortSerializer() {
			super(Sort.class);
		}

		@Override
		public void serialize(Sort sort, JsonGenerator gen, SerializationContext ctxt) {
			writeOrders(sort, gen);
		}

		@Override
		public void serializeWithType(Sort sort, JsonGenerator gen, SerializationContext ctxt,
				TypeSerializer typeSer) {
			WritableTypeId typeId = typeSer.writeTypePrefix(gen, ctxt, typeSer.typeId(sort, JsonToken.START_ARRAY));
			writeOrderElements(sort, gen);
			typeSer.writeTypeSuffix(gen, ctxt, typeId);
		}

	}

	private static void writePageable(Pageable pageable, JsonGenerator gen) {
		gen.writeStartObject();
		writePageableProperties(pageable, gen);
		gen.writeEndObject();
	}

	private static void writePageableProperties(Pageable pageable, JsonGenerator gen) {
		if (pageable.isPaged()) {
			gen.writeNumberProperty("page", pageable.getPageNumber());
			gen.writeNumberProperty("size", pageable.getPageSize());
		}
		gen.writeName("sort");
		writeOrders(pageable.getSort(), gen);
	}

	private static void writeOrders(Sort sort, JsonGenerator gen) {
		gen.writeStartArray();
		writeOrderElements(sort, gen);
		gen.writeEndArray();
	}

	private static void writeOrderElements(Sort sort, JsonGenerator gen) {
		for (Sort.Order order : sort) {
			gen.writeStartObject();
			gen.writeStringProperty("property", order.getProperty());
			gen.writeStringProperty("direction", order.getDirection().name());
			gen.writeBooleanProperty("ignoreCase", order.isIgnoreCase());
			gen.writeStringProperty("nullHandling", order.getNullHandling().name());
			gen.writeEndObject();
		}
	}

	private static final class ChunkDeserializer extends StdDeserializer<Slice<?>> {

		ChunkDeserializer(Class<?> type) {
			super(type);
		}

		@Override
		public Slice<?> deserialize(JsonParser p, DeserializationContext ctxt) {
			List<Object> content = new ArrayList<>();
			Pageable pageable = Pageable.unpaged();
			long total = 0;
			boolean hasNext = false;
			for (String name = startObject(p, ctxt, this); name != null; name = p.nextName()) {
				JsonToken token = p.nextToken();
				switch (name) {
					case "content" -> {
						expect(p, ctxt, JsonToken.START_ARRAY, this);
						JavaType element = ctxt.constructType(Object.class);
						while (p.nextToken() != JsonToken.END_ARRAY) {
							content.add((p.currentToken() == JsonToken.VALUE_NULL) ? null : ctxt.readValue(p, element));
						}
					}
					case "pageable" -> pageable = readPageable(p, ctxt, this);
					case "total" -> total = p.getLongValue();
					case "hasNext" -> hasNext = p.getBooleanValue();
					default -> {
						if (token.isStructStart()) {
							p.skipChildren();
						}
					}
				}
			}
			return handledType() == PageImpl.class ? new PageImpl<>(content, pageable, total)
					: new SliceImpl<>(content, pageable, hasNext);
		}

	}

	private static final class PageableDeserializer extends StdDeserializer<Pageable> {

		PageableDeserializer(Class<?> type) {
			super(type);
		}

		@Override
		public Pageable deserialize(JsonParser p, DeserializationContext ctxt) {
			return readPageable(p, ctxt, this);
		}

	}

	private static final class SortDeserializer extends StdDeserializer<Sort> {

		SortDeserializer() {
			super(Sort.class);
		}

		@Override
		public Sort deserialize(JsonParser p, DeserializationContext ctxt) {
			return readSort(p, ctxt, this);
		}

	}

	private static Pageable readPageable(JsonParser p, DeserializationContext ctxt, StdDeserializer<?> deserializer) {
		Integer page = null;
		int size = 0;
		Sort sort = Sort.unsorted();
		for (String name = startObject(p, ctxt, deserializer); name != null; name = p.nextName()) {
			JsonToken token = p.nextToken();
			switch (name) {
				case "page" -> page = p.getIntValue();
				case "size" -> size = p.getIntValue();
				case "sort" -> sort = readSort(p, ctxt, deserializer);
				default -> {
					if (token.isStructStart()) {
						p.skipChildren();
					}
				}
			}
		}
		return (page != null) ? PageRequest.of(page, size, sort) : Pageable.unpaged(sort);
	}

	private static Sort readSort(JsonParser p, DeserializationContext ctxt, StdDeserializer<?> deserializer) {
		expect(p, ctxt, JsonToken.START_ARRAY, deserializer);
		List<Sort.Order> orders = new ArrayList<>();
		while (p.nextToken() != JsonToken.END_ARRAY) {
			String property = null;
			Sort.Direction direction = Sort.DEFAULT_DIRECTION;
			boolean ignoreCase = false;
			Sort.NullHandling nullHandling = Sort.NullHandling.NATIVE;
			for (String name = startObject(p, ctxt, deserializer); name != null; name = p.nextName()) {
				JsonToken token = p.nextToken();
				switch (name) {
					case "property" -> property = p.getString();
					case "direction" -> direction = Sort.Direction.fromString(p.getString());
					case "ignoreCase" -> ignoreCase = p.getBooleanValue();
					case "nullHandling" -> nullHandling = Sort.NullHandling.valueOf(p.getString());
					default -> {
						if (token.isStructStart()) {
							p.skipChildren();
						}
					}
				}
			}
			if (property == null) {
				return ctxt.reportInputMismatch(deserializer, "A sort order without its property");
			}
			orders.add(new Sort.Order(direction, property, ignoreCase, nullHandling));
		}
		return Sort.by(orders);
	}

	/** Checks that the parser is at the start of an object and returns its first property name, if any. */
	private static @Nullable String startObject(JsonParser p, DeserializationContext ctxt,
			StdDeserializer<?> deserializer) {
		JsonToken token = p.currentToken();
		if (token == JsonToken.START_OBJECT) {
			return p.nextName();
		}
		if (token == JsonToken.PROPERTY_NAME) {
			return p.currentName();
		}
		return ctxt.reportInputMismatch(deserializer, "Expected a JSON object, found " + token);
	}

	private static void expect(JsonParser p, DeserializationContext ctxt, JsonToken expected,
			StdDeserializer<?> deserializer) {
		if (p.currentToken() != expected) {
			ctxt.reportInputMismatch(deserializer, "Expected " + expected + ", found " + p.currentToken());
		}
	}

}
