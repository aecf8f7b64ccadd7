package io.github.azureredis.values.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;

/**
 * Jackson's annotations, less those that make a value's JSON lose what it holds: a class annotated for a REST API
 * may leave out null or empty properties ({@code @JsonInclude}, so a field's default comes back instead of its null),
 * write a property without reading it or the reverse ({@code @JsonProperty(access = ...)}), or format a date with a
 * pattern that drops seconds or the zone ({@code @JsonFormat(pattern = ...)}). A cache must read back what it wrote,
 * whatever the API wanted; the shape of {@code @JsonFormat}, which loses nothing, is kept. Jackson has no switch for
 * this per mapper.
 *
 * @author Azure Redis Cache contributors
 */
final class LosslessAnnotationIntrospector extends JacksonAnnotationIntrospector {

	private static final long serialVersionUID = 1L;

	@Override
	public JsonInclude.Value findPropertyInclusion(MapperConfig<?> config, Annotated annotated) {
		return JsonInclude.Value.empty();
	}

	@Override
	public JsonProperty.@Nullable Access findPropertyAccess(MapperConfig<?> config, Annotated annotated) {
		return null;
	}

	@Override
	public JsonFormat.@Nullable Value findFormat(MapperConfig<?> config, Annotated annotated) {
		JsonFormat.Value format = super.findFormat(config, annotated);
		return (format != null && format.hasShape()) ? JsonFormat.Value.forShape(format.getShape()) : null;
	}

}
