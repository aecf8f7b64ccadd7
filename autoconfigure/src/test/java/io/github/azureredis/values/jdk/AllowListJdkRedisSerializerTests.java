package io.github.azureredis.values.jdk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamConstants;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.UncacheableValueException.Reason;
import io.github.azureredis.outside.Loaded;
import io.github.azureredis.support.PlantedPayloads;
import io.github.azureredis.support.PlantedPayloads.Decoy;
import org.junit.jupiter.api.Test;

import org.springframework.cache.support.NullValue;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Java serialization behind the allow-list, without a server: what it reads back, and what it refuses before the
 * class is loaded, at the root, nested, as an array component, as a proxy, or beyond the limits.
 */
class AllowListJdkRedisSerializerTests {

	private static final String OUTSIDE = "io.github.azureredis.outside.";

	private final AllowListJdkRedisSerializer serializer = new AllowListJdkRedisSerializer(
			JavaSerializationClasses.allowList(List.of("io.github.azureredis.values")), getClass().getClassLoader());

	@Test
	void jdkValueTypesCollectionsAndTheApplicationsClassesReadBack() {
		Map<String, Object> map = new HashMap<>();
		map.put("list", new ArrayList<>(List.of(1L, "two", new BigDecimal("3.50"))));
		map.put("immutable", List.of(UUID.fromString("2f1a7c4e-8a8b-4c1e-9d1e-0c3f1a2b3c4d"), Set.of(LocalDate.of(2026, 12, 6))));
		map.put("zoned", ZonedDateTime.of(2026, 12, 6, 10, 0, 0, 0, ZoneId.of("Europe/Paris")));
		map.put("enums", EnumSet.of(TimeUnit.SECONDS, TimeUnit.DAYS));
		map.put("concurrent", new ConcurrentHashMap<>(Map.of("k", 1)));
		map.put("array", new long[][] { { 1 }, { 2, 3 } });
		map.put("own", new Own("x", 2));
		Object copy = this.serializer.deserialize(this.serializer.serialize(map));
		assertThat(copy).usingRecursiveComparison().isEqualTo(map);
		assertThat(this.serializer.deserialize(this.serializer.serialize(NullValue.INSTANCE))).isSameAs(NullValue.INSTANCE);
	}

	@Test
	void aPlantedClassIsRefusedBeforeItIsLoadedAtTheRootNestedAndAsAnArrayComponent() {
		Map<String, Object> planted = Map.of(
				"root", PlantedPayloads.javaSerialized(new Decoy(), OUTSIDE + "SerializedGadget"),
				"nested", PlantedPayloads.javaSerialized(new ArrayList<>(List.of(1L, Map.of("k", new Decoy()))),
						OUTSIDE + "NestedSerializedGadget"),
				"array", PlantedPayloads.javaSerialized(new Object[] { new Decoy[] { new Decoy() } },
						OUTSIDE + "NestedSerializedGadget"));
		planted.forEach((where, bytes) -> assertThatExceptionOfType(SerializationException.class).as(where)
			.isThrownBy(() -> this.serializer.deserialize((byte[]) bytes))
			.withMessageContaining("Refused to read a cached value naming class " + OUTSIDE)
			.withMessageContaining("azure.redis.cache.allowed-packages [io.github.azureredis.values]"));
		assertThat(Loaded.classes()).doesNotContain("SerializedGadget", "SerializedGadget.readObject",
				"NestedSerializedGadget", "NestedSerializedGadget.readObject");
	}

	@Test
	void thePlantedPayloadIsLiveForAReaderWithoutTheAllowList() throws Exception {
		byte[] planted = PlantedPayloads.javaSerialized(new Decoy(), OUTSIDE + "ControlGadget");
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(planted));
		assertThat(Loaded.classes()).doesNotContain("ControlGadget");
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(planted))) {
			in.readObject();
		}
		assertThat(Loaded.classes()).contains("ControlGadget", "ControlGadget.readObject");
	}

	@Test
	void aClassOutsideTheListIsNotWrittenSoThatNoValueIsStoredThatCouldNotBeRead() {
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> this.serializer.serialize(new ArrayList<>(List.of(new Decoy()))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.NOT_ALLOWED))
			.withMessageContaining("class " + Decoy.class.getName() + " whose package is not in "
					+ "azure.redis.cache.allowed-packages [io.github.azureredis.values]");
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> this.serializer.serialize(new StringBuilder("a JDK class outside the list")))
			.withMessageContaining("class java.lang.StringBuilder that Java-serialized values may not hold");
	}

	@Test
	void aValueThatIsNotSerializableIsNotCached() {
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> this.serializer.serialize(new ArrayList<>(List.of(new NotSerializable()))))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.NOT_FAITHFUL))
			.withMessageContaining("they cannot be serialized (" + NotSerializable.class.getName()
					+ " does not implement java.io.Serializable)");
	}

	@Test
	void anArrayLengthBeyondTheLimitIsRefusedBeforeItIsAllocated() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeShort(ObjectStreamConstants.STREAM_MAGIC);
			out.writeShort(ObjectStreamConstants.STREAM_VERSION);
			out.writeByte(ObjectStreamConstants.TC_ARRAY);
			out.writeByte(ObjectStreamConstants.TC_CLASSDESC);
			out.writeUTF("[J");
			out.writeLong(ObjectStreamClassId.LONG_ARRAY);
			out.writeByte(ObjectStreamConstants.SC_SERIALIZABLE);
			out.writeShort(0);
			out.writeByte(ObjectStreamConstants.TC_ENDBLOCKDATA);
			out.writeByte(ObjectStreamConstants.TC_NULL);
			out.writeInt(Integer.MAX_VALUE - 8);
		}
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize(bytes.toByteArray()))
			.withMessageContaining("REJECTED");
	}

	@Test
	void aGraphDeeperThanTheLimitIsRefused() {
		Object deep = "bottom";
		for (int i = 0; i < AllowListObjectInputStream.MAX_DEPTH + 10; i++) {
			deep = new ArrayList<>(List.of(deep));
		}
		byte[] bytes = this.serializer.serialize(deep);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(bytes))
			.withMessageContaining("REJECTED");
	}

	@Test
	void dynamicProxiesAreNeverRead() throws IOException {
		Object proxy = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { Runnable.class, Serializable.class }, new SerializableHandler());
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
			out.writeObject(proxy);
		}
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize(bytes.toByteArray()))
			.withMessageContaining("a dynamic proxy of java.lang.Runnable");
	}

	record Own(String name, int count) implements Serializable {
	}

	static final class NotSerializable {

	}

	static final class SerializableHandler implements java.lang.reflect.InvocationHandler, Serializable {

		@Override
		public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
			return null;
		}

	}

	/** The serialVersionUID Java serialization gives {@code long[]}. */
	private static final class ObjectStreamClassId {

		static final long LONG_ARRAY = java.io.ObjectStreamClass.lookup(long[].class).getSerialVersionUID();

	}

}
