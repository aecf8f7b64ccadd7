package io.github.azureredis.jcache;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.UncacheableValueException.Reason;
import io.github.azureredis.values.jdk.JavaSerializationClasses;
import io.github.azureredis.outside.Loaded;
import io.github.azureredis.support.PlantedPayloads;
import io.github.azureredis.support.PlantedPayloads.Decoy;
import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * JCache keys by value, without a server: equal keys give one form, unequal keys never share one, and keys read back
 * equal and of their class; what Redis holds that is not a key of this format reads as an {@link UnreadableKey}.
 */
class JCacheKeysTests {

	private static final String OUTSIDE = "io.github.azureredis.outside.";

	private final JCacheKeys keys = new JCacheKeys(
			JavaSerializationClasses.allowList(List.of("io.github.azureredis.jcache")), getClass().getClassLoader());

	@Test
	void keysWhoseStringFormsAreEqualAreDifferentKeys() {
		List<Object> sameText = List.of("1", 1L, 1, (short) 1, new java.math.BigInteger("1"), "\u0000L1",
				new Text("1"), new SimpleKey("1"), new SimpleKey(1L));
		List<byte[]> forms = sameText.stream().map(this.keys::encode).toList();
		for (int i = 0; i < forms.size(); i++) {
			for (int j = i + 1; j < forms.size(); j++) {
				assertThat(forms.get(i)).as("%s vs %s", sameText.get(i), sameText.get(j)).isNotEqualTo(forms.get(j));
			}
		}
	}

	@Test
	void equalKeysHaveOneFormAndReadBackEqualAndOfTheirClass() {
		List<Object> examples = List.of("isbn-1", "", "ключ 🎉", 42L, -7, UUID.randomUUID(), TimeUnit.SECONDS,
				new Text("a"), new Pair("a", 1), new SimpleKey("a", 2L, new Pair("b", 3)), new Holder(new Pair("c", 4)),
				List.of("x", "y"), "\u0000starts with NUL", "lone \uD800 surrogate");
		for (Object key : examples) {
			byte[] form = this.keys.encode(key);
			assertThat(this.keys.encode(copy(key))).as("%s", key).isEqualTo(form);
			Object read = this.keys.decode(form);
			assertThat(read).as("%s", key).isEqualTo(key).hasSameClassAs(key);
		}
	}

	@Test
	void stringsAndNumbersAreReadableInRedis() {
		assertThat(new String(this.keys.encode("isbn-1"), StandardCharsets.UTF_8)).isEqualTo("isbn-1");
		assertThat(new String(this.keys.encode(42L), StandardCharsets.UTF_8)).isEqualTo("\u0000L42");
		assertThat(new String(this.keys.encode(42), StandardCharsets.UTF_8)).isEqualTo("\u0000I42");
		assertThat(new String(this.keys.encode(new Pair("a", 1)), StandardCharsets.UTF_8)).startsWith("\u0000J");
	}

	@Test
	void aKeyThatIsNeitherSerializableNorARecordIsNotStored() {
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> this.keys.encode(new SimpleKey("a", new NotSerializable())))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.NOT_FAITHFUL))
			.withMessageContaining("keys of class org.springframework.cache.interceptor.SimpleKey are not stored")
			.withMessageContaining(NotSerializable.class.getName() + ", which is neither a record nor "
					+ "java.io.Serializable");
	}

	@Test
	void aKeyOfAClassOutsideTheAllowListIsNotStored() {
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> this.keys.encode(new Decoy()))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.NOT_ALLOWED))
			.withMessageContaining("azure.redis.cache.allowed-packages [io.github.azureredis.jcache]");
	}

	@Test
	void whatIsNotAKeyOfThisFormatReadsAsAnUnreadableKeyThatWritesBackItsOwnBytes() {
		List<byte[]> planted = List.of(new byte[] { (byte) 0xC3, 0x28 }, "\u0000L007".getBytes(StandardCharsets.UTF_8),
				"\u0000Lnot a number".getBytes(StandardCharsets.UTF_8), "\u0000Xunknown".getBytes(StandardCharsets.UTF_8),
				"\u0000J%%%".getBytes(StandardCharsets.UTF_8), serialized(PlantedPayloads.javaSerialized(new Decoy(),
						OUTSIDE + "SerializedGadget")),
				serialized(PlantedPayloads.javaSerialized(new SimpleKey("a", Map.of("k", new Decoy())),
						OUTSIDE + "NestedSerializedGadget")));
		for (byte[] bytes : planted) {
			Object key = this.keys.decode(bytes);
			assertThat(key).isInstanceOf(UnreadableKey.class);
			assertThat(this.keys.encode(key)).isEqualTo(bytes);
		}
		assertThat(Loaded.classes()).doesNotContain("SerializedGadget", "SerializedGadget.readObject",
				"NestedSerializedGadget", "NestedSerializedGadget.readObject");
	}

	@Test
	void aRecordKeyNamingARecordOutsideTheAllowListIsUnreadable() {
		JCacheKeys narrower = new JCacheKeys(JavaSerializationClasses.allowList(List.of("io.github.azureredis.other")),
				getClass().getClassLoader());
		JCacheKeys wider = new JCacheKeys(JavaSerializationClasses.allowList(List.of("io.github.azureredis")),
				getClass().getClassLoader());
		assertThat(narrower.decode(wider.encode(new Pair("a", 1)))).isInstanceOf(UnreadableKey.class);
	}

	private static byte[] serialized(byte[] javaSerialization) {
		byte[] text = Base64.getEncoder().encode(javaSerialization);
		byte[] bytes = new byte[text.length + 2];
		bytes[1] = 'J';
		System.arraycopy(text, 0, bytes, 2, text.length);
		return bytes;
	}

	private static Object copy(Object key) {
		if (key instanceof String string) {
			return new String(string.toCharArray());
		}
		if (key instanceof Long number) {
			return Long.valueOf(number.longValue() + 0);
		}
		if (key instanceof Pair pair) {
			return new Pair(new String(pair.name().toCharArray()), pair.count());
		}
		if (key instanceof List<?> list) {
			return List.copyOf(new ArrayList<>(list));
		}
		return key;
	}

	record Text(String value) implements Serializable {

		@Override
		public String toString() {
			return this.value;
		}

	}

	/** A record that is not Serializable, as records used as keys often are. */
	record Pair(String name, int count) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	record Holder(Pair pair) implements Serializable {
	}

	static final class NotSerializable {

	}

}
