package io.github.azureredis.values.json;

import java.util.List;

import io.github.azureredis.support.shapes.SameValue;
import io.github.azureredis.support.shapes.ValueShapes;
import io.github.azureredis.support.shapes.ValueShapes.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value shape through the JSON serializer: read back equal, with the same classes at every level; also without
 * Jackson's Kotlin module, which this module's tests have on their class path and Java applications do not.
 */
class ValueShapeSerializerTests {

	private final AllowListJsonRedisSerializer serializer = new AllowListJsonRedisSerializer(
			List.of("io.github.azureredis.support"), getClass().getClassLoader());

	private final AllowListJsonRedisSerializer withoutKotlin = new AllowListJsonRedisSerializer(
			List.of("io.github.azureredis.support"), new FilteredClassLoader("tools.jackson.module.kotlin"));

	static List<Shape> shapes() {
		return ValueShapes.all();
	}

	@ParameterizedTest
	@MethodSource("shapes")
	void readsBackTheSameValue(Shape shape) {
		Object value = shape.value().get();
		byte[] json = this.serializer.serialize(value);
		Object read = this.serializer.deserialize(json);
		assertThat(SameValue.difference(shape.value().get(), read)).as(new String(json)).isNull();
	}

	@ParameterizedTest
	@MethodSource("shapes")
	void readsBackTheSameValueWithoutTheKotlinModule(Shape shape) {
		byte[] json = this.withoutKotlin.serialize(shape.value().get());
		Object read = this.withoutKotlin.deserialize(json);
		assertThat(SameValue.difference(shape.value().get(), read)).as(new String(json)).isNull();
		assertThat(json).isEqualTo(this.serializer.serialize(shape.value().get()));
	}

}
