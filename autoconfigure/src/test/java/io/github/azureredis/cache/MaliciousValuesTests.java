package io.github.azureredis.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.azureredis.outside.Loaded;
import io.github.azureredis.support.PlantedPayloads;
import io.github.azureredis.support.PlantedPayloads.Decoy;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.support.shapes.SameValue;
import io.github.azureredis.support.shapes.ShapeService;
import io.github.azureredis.support.shapes.ShapesConfiguration;
import io.github.azureredis.support.shapes.ValueShapes;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Values written into Redis by someone else, naming classes outside the allowed packages wherever cached JSON can
 * name a class, or in Java serialization with {@code azure.redis.cache.serialization=jdk}: none of those classes is
 * loaded (each records it in its static initializer and its {@code readObject}), and every read is a miss whose
 * method result replaces the entry.
 */
@Tag("integration")
class MaliciousValuesTests {

	private static final String SHAPES = "io.github.azureredis.support.shapes.ValueShapes$";

	private static final String OUTSIDE = "io.github.azureredis.outside.";

	// Cache key (a shape the service returns) -> what an attacker stored under it.
	private static final Map<String, String> ATTACKS = Map.of(
			// The value's own class.
			"record", "[\"" + OUTSIDE + "RootGadget\",{\"command\":\"calc\"}]",
			// Three levels down: a record's Object field, a list, a map value.
			"Object field holding a Long", "[\"" + SHAPES + "Envelope\",{\"payload\":[\"java.util.ArrayList\",[[\"java.util.HashMap\","
					+ "{\"k\":[\"" + OUTSIDE + "NestedGadget\",{}]}]]],\"meta\":\"m\"}]",
			// A type parameter of a generic type id.
			"ArrayList of Longs", "[\"java.util.ArrayList<" + OUTSIDE + "TypeParameterGadget>\",[{}]]",
			// The component of an array.
			"array of records", "[\"[L" + OUTSIDE + "ArrayGadget;\",[{}]]",
			// A @JsonTypeInfo(use = CLASS) property.
			"@JsonTypeInfo(use = CLASS) property", "[\"" + SHAPES + "Plugin\",{\"settings\":{\"@type\":\"" + OUTSIDE
					+ "TypeInfoGadget\",\"command\":\"x\"}}]",
			// A map key, written as typed JSON text.
			"map with keys of mixed classes", "[\"java.util.LinkedHashMap\",{\"[\\\"" + OUTSIDE
					+ "KeyGadget\\\",{}]\":1}]");

	@Test
	void noClassOutsideTheAllowListIsLoadedAndEveryReadIsAMiss() {
		try (RedisServer redis = RedisServer.start(); RespClient client = redis.client()) {
			ATTACKS.forEach((name, json) -> client.require("SET", "shapes::" + name, json));
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(ShapesConfiguration.class)
				.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port())
				.run((context) -> {
					ShapeService service = context.getBean(ShapeService.class);
					for (String name : ATTACKS.keySet()) {
						Object value = service.get(name);
						assertThat(SameValue.difference(ValueShapes.named(name).value().get(), value)).as(name).isNull();
						// Replaced by the method's value once its fill (not waited for) lands.
						await().atMost(Duration.ofSeconds(10))
							.untilAsserted(() -> assertThat(client.string("GET", "shapes::" + name)).as(name)
								.isNotEqualTo(ATTACKS.get(name)));
					}
					assertThat(service.calls()).isEqualTo(ATTACKS.size());
				});
		}
		assertThat(Loaded.classes()).isEmpty();
	}

	@Test
	void withJavaSerializationAPlantedClassIsNeverLoadedAndEveryReadIsAMiss() {
		Map<String, byte[]> attacks = Map.of("record",
				PlantedPayloads.javaSerialized(new Decoy(), OUTSIDE + "SerializedGadget"), "ArrayList of Longs",
				PlantedPayloads.javaSerialized(new ArrayList<>(List.of(1L, Map.of("k", new Decoy()))),
						OUTSIDE + "NestedSerializedGadget"));
		try (RedisServer redis = RedisServer.start(); RespClient client = redis.client()) {
			attacks.forEach((name, bytes) -> client.require("SET", ("shapes::" + name).getBytes(StandardCharsets.UTF_8),
					bytes));
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(ShapesConfiguration.class)
				.withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
						"azure.redis.cache.serialization=jdk")
				.run((context) -> {
					ShapeService service = context.getBean(ShapeService.class);
					for (String name : attacks.keySet()) {
						Object value = service.get(name);
						assertThat(SameValue.difference(ValueShapes.named(name).value().get(), value)).as(name).isNull();
					}
					assertThat(service.calls()).isEqualTo(attacks.size());
				});
		}
		assertThat(Loaded.classes()).isEmpty();
	}

}
