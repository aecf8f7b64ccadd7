package io.github.azureredis.jcache;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.WarningInterval;
import io.github.azureredis.values.jdk.AllowListJdkRedisSerializer;
import io.github.azureredis.values.jdk.JavaSerializationClasses;
import io.github.azureredis.values.json.AllowListJsonRedisSerializer;
import io.github.azureredis.outside.Loaded;
import io.github.azureredis.support.PlantedPayloads;
import io.github.azureredis.support.PlantedPayloads.Decoy;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The format of JCache values, without a server: JSON where it is faithful, Java serialization behind the allow-list
 * for Serializable values it is not, each marked; values of the earlier release's format are unreadable here, and
 * this format's values are unreadable to the earlier release's readers.
 */
class JCacheValueFormatTests {

	private static final List<String> PACKAGES = List.of("io.github.azureredis.jcache");

	private final AllowListJsonRedisSerializer json = new AllowListJsonRedisSerializer(PACKAGES,
			getClass().getClassLoader());

	private final AllowListJdkRedisSerializer javaSerialization = new AllowListJdkRedisSerializer(
			JavaSerializationClasses.allowList(PACKAGES), getClass().getClassLoader());

	private final JCacheValueFormat format = new JCacheValueFormat(this.json, this.javaSerialization, true);

	@Test
	void valuesJsonStoresFaithfullyAreJson() {
		Book book = new Book("1", "Title");
		byte[] bytes = this.format.serialize(book);
		assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0x01, 'J');
		assertThat(this.format.deserialize(bytes)).isEqualTo(book);
	}

	@Test
	void serializableValuesJsonCannotStoreAreJavaSerialized() {
		Legacy legacy = new Legacy(Map.of("state", new Object[] { 1L, "two" }));
		for (int i = 0; i < 2; i++) {
			byte[] bytes = this.format.serialize(legacy);
			assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0x01, 'S');
			assertThat(this.format.deserialize(bytes)).isEqualTo(legacy);
		}
	}

	@Test
	void withJavaSerializationEveryValueIsJavaSerialized() {
		JCacheValueFormat jdk = new JCacheValueFormat(this.json, this.javaSerialization, false);
		byte[] bytes = jdk.serialize("text");
		assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0x01, 'S');
		assertThat(jdk.deserialize(bytes)).isEqualTo("text");
		assertThat(jdk.deserialize(this.format.serialize(new Book("1", "JSON written")))).isEqualTo(
				new Book("1", "JSON written"));
	}

	@Test
	void aValueThatIsNeitherSerializableNorFaithfulInJsonIsRefusedWithoutAdvisingJavaSerialization() {
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> this.format.serialize(new Unfaithful(Map.of("k", "v"))))
			.withMessageStartingWith("values of class " + Unfaithful.class.getTypeName())
			.withMessageEndingWith("or make it java.io.Serializable.")
			.withMessageNotContaining("serialization=jdk");
	}

	@Test
	void aValueOfAClassThatIsNotAllowedIsRefusedWithASentenceThatNamesTheClassAndWhatToDo() {
		assertThatExceptionOfType(UncacheableValueException.class).isThrownBy(() -> this.format.serialize(new Thread()))
			.withMessageStartingWith("values of class java.lang.Thread are not cached: class java.lang.Thread is not "
					+ "allowed: it is a JDK class the cache does not write:")
			.withMessageEndingWith("for another JDK type, a value of your own that holds what you need of it.");
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> this.format.serialize(new Holder(new WarningInterval(Duration.ofSeconds(1)))))
			.withMessage("values of class " + Holder.class.getTypeName() + " are not cached: they hold class "
					+ "io.github.azureredis.values.WarningInterval; class io.github.azureredis.values.WarningInterval "
					+ "is not allowed: its package is not in azure.redis.cache.allowed-packages "
					+ "[io.github.azureredis.jcache]. Add the package to azure.redis.cache.allowed-packages.");
	}

	@Test
	void valuesOfTheEarlierReleaseAreUnreadable() {
		Book book = new Book("1", "Title");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.format.deserialize(this.json.serialize(book)))
			.withMessageContaining("not in this starter's JCache format");
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.format.deserialize(new JdkSerializationRedisSerializer().serialize("text")))
			.withMessageContaining("not in this starter's JCache format");
	}

	@Test
	void theEarlierReleasesReadersFindNoValueInThisFormat() {
		// The earlier release read JCache values with the starter's JSON (a SerializationException is a miss), or
		// with Spring Data's Java serialization when azure.redis.cache.serialization=jdk.
		JdkSerializationRedisSerializer earlierJdk = new JdkSerializationRedisSerializer();
		for (Object value : List.of(new Book("1", "Title"), new Legacy(Map.of()), "text", 42L, new byte[] { 0, 'B' })) {
			byte[] bytes = this.format.serialize(value);
			assertThatExceptionOfType(SerializationException.class).as("%s", value)
				.isThrownBy(() -> this.json.deserialize(bytes));
			assertThatExceptionOfType(SerializationException.class).as("%s", value)
				.isThrownBy(() -> earlierJdk.deserialize(bytes));
		}
	}

	@Test
	void aPlantedJavaSerializedValueIsRefusedBeforeItsClassIsLoaded() {
		for (Object graph : List.of(new Decoy(), new LinkedHashMap<>(Map.of("k", List.of(new Decoy()))))) {
			byte[] payload = PlantedPayloads.javaSerialized(graph, "io.github.azureredis.outside.SerializedGadget");
			byte[] planted = new byte[payload.length + 2];
			planted[0] = 0x01;
			planted[1] = 'S';
			System.arraycopy(payload, 0, planted, 2, payload.length);
			assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.format.deserialize(planted))
				.withMessageContaining("Refused to read a cached value naming class "
						+ "io.github.azureredis.outside.SerializedGadget");
		}
		assertThat(Loaded.classes()).doesNotContain("SerializedGadget", "SerializedGadget.readObject");
	}

	record Holder(Object content) {
	}

	record Book(String isbn, String title) {
	}

	/** A Serializable class without a constructor Jackson can use, as Hibernate's cache entries are. */
	static final class Legacy implements Serializable {

		private static final long serialVersionUID = 1L;

		private final Map<String, Object[]> state;

		Legacy(Map<String, Object[]> state) {
			this.state = new LinkedHashMap<>(state);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Legacy legacy && legacy.state.keySet().equals(this.state.keySet())
					&& this.state.keySet().stream().allMatch((k) -> Arrays.equals(this.state.get(k), legacy.state.get(k)));
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.state.keySet());
		}

	}

	/** Neither Serializable nor readable from JSON. */
	static final class Unfaithful {

		private final Map<String, String> state;

		Unfaithful(Map<String, String> state) {
			this.state = state;
		}

	}

}
