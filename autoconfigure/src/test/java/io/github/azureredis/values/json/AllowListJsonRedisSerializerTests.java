package io.github.azureredis.values.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.github.azureredis.outside.Loaded;
import io.github.azureredis.values.UncacheableValueException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.cache.support.NullValue;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AllowListJsonRedisSerializerTests {

	private final AllowListJsonRedisSerializer serializer = new AllowListJsonRedisSerializer(
			List.of("io.github.azureredis.values"), getClass().getClassLoader());

	record Product(String id, BigDecimal price, List<String> tags, Instant updated, Optional<String> note,
			Map<String, Integer> stock) {
	}

	record Page(List<Product> items, Set<Long> ids, LocalDate day) {
	}

	// Not Serializable, and with a no-argument constructor and setters.
	static class Customer {

		private String name = "";

		private UUID id = UUID.randomUUID();

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public UUID getId() {
			return this.id;
		}

		public void setId(UUID id) {
			this.id = id;
		}

	}

	@Test
	void recordRoundTripsWithItsFieldTypes() {
		Product product = product("1");
		assertThat(roundTrip(product)).isEqualTo(product);
	}

	@Test
	void pojoWithoutSerializableRoundTrips() {
		Customer customer = new Customer();
		customer.setName("Ada");
		Customer read = (Customer) roundTrip(customer);
		assertThat(read.getName()).isEqualTo("Ada");
		assertThat(read.getId()).isEqualTo(customer.getId());
	}

	@Test
	void listOfRecordsReadsBackAsRecords() {
		List<Product> products = List.of(product("1"), product("2"));
		Object read = roundTrip(products);
		assertThat(read).isEqualTo(products);
		assertThat(((List<?>) read).get(0)).isInstanceOf(Product.class);
	}

	@Test
	void nestedGenericsAndCollections() {
		Page page = new Page(List.of(product("3")), Set.of(1L, 2L), LocalDate.of(2026, 11, 21));
		assertThat(roundTrip(page)).isEqualTo(page);
		Map<String, List<Product>> byShelf = new LinkedHashMap<>();
		byShelf.put("a", new ArrayList<>(List.of(product("4"))));
		assertThat(roundTrip(byShelf)).isEqualTo(byShelf);
	}

	@Test
	void jdkValueTypesKeepTheirType() {
		for (Object value : List.of(42L, 42, "text", new BigDecimal("1.50"), UUID.randomUUID(), true, (short) 3,
				Instant.parse("2026-11-21T10:00:00Z"), List.of(1L, 2L), Set.of("x"))) {
			Object read = roundTrip(value);
			assertThat(read).as("%s", value.getClass()).isEqualTo(value);
			assertThat(read.getClass()).isEqualTo(value.getClass());
		}
	}

	@Test
	void anOptionalWhereTheDeclaredTypeIsObjectIsRefusedRatherThanReadBackUnwrapped() {
		// Jackson writes an Optional as its content where no declared type says Optional; a record field declared
		// Optional<T> keeps it, and Spring unwraps the Optional a @Cacheable method returns.
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> this.serializer.serialize(Optional.of(7L)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(UncacheableValueException.Reason.NOT_FAITHFUL))
			.withMessageContaining("java.util.Optional");
	}

	@Test
	void aByteArrayIsStoredAsItsBytesAfterAMarker() {
		byte[] value = { '[', '"', 0, (byte) 0xAC, 'n' };
		byte[] stored = this.serializer.serialize(value);
		assertThat(stored).containsExactly(0, 'B', '[', '"', 0, (byte) 0xAC, 'n');
		assertThat(this.serializer.deserialize(stored)).isEqualTo(value);
		assertThat(this.serializer.deserialize(this.serializer.serialize(new byte[0]))).isEqualTo(new byte[0]);
	}

	@Test
	void springNullValueRoundTrips() {
		assertThat(roundTrip(NullValue.INSTANCE)).isSameAs(NullValue.INSTANCE);
	}

	@Test
	void valuesAreReadableJsonWithTheirType() {
		String json = new String(this.serializer.serialize(product("5")), StandardCharsets.UTF_8);
		assertThat(json).startsWith("[\"io.github.azureredis.values.json.AllowListJsonRedisSerializerTests$Product\",{")
			.contains("\"id\":\"5\"")
			.contains("\"price\":9.99")
			.contains("\"tags\":[\"java.util.ImmutableCollections$List12\",[\"new\",\"sale\"]]");
	}

	@Test
	void valuesOfTheFirstReleaseAreReadWhereTheyNeedNoClassNamesItDidNotWriteAndAreOtherwiseUnreadable() {
		String customer = "[\"io.github.azureredis.values.json.AllowListJsonRedisSerializerTests$Customer\",{\"name\":\"Ada\"}]";
		assertThat(this.serializer.deserialize(customer.getBytes(StandardCharsets.UTF_8))).isInstanceOf(Customer.class)
			.extracting("name")
			.isEqualTo("Ada");
		assertThat(this.serializer.deserialize("[\"java.lang.Long\",42]".getBytes(StandardCharsets.UTF_8))).isEqualTo(42L);
		// A list field without its class: a miss for the cache, which the method's value then replaces.
		String page = "[\"java.util.List<io.github.azureredis.values.json.AllowListJsonRedisSerializerTests$Page>\",[{\"items\":"
				+ "[],\"ids\":[1,2],\"day\":\"2026-11-21\"}]]";
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize(page.getBytes(StandardCharsets.UTF_8)))
			.withMessageStartingWith("Cannot read a cached value");
	}

	@Test
	void unknownPropertiesAreIgnoredSoANewerVersionReadsOlderValues() {
		String json = "[\"io.github.azureredis.values.json.AllowListJsonRedisSerializerTests$Customer\",{\"name\":\"Ada\","
				+ "\"removedField\":1}]";
		Customer read = (Customer) this.serializer.deserialize(json.getBytes(StandardCharsets.UTF_8));
		assertThat(read.getName()).isEqualTo("Ada");
	}

	@Test
	void classOutsideTheAllowedPackagesIsRefusedOnReadWithoutBeingLoaded() {
		String json = "[\"io.github.azureredis.outside.Intruder\",{\"command\":\"rm -rf\"}]";
		int instancesBefore = io.github.azureredis.outside.Intruder.INSTANCES.get();
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize(json.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("io.github.azureredis.outside.Intruder")
			.withMessageContaining("azure.redis.cache.allowed-packages");
		assertThat(io.github.azureredis.outside.Intruder.INSTANCES).hasValue(instancesBefore);
	}

	@Test
	void classHiddenInAGenericTypeIsRefusedToo() {
		String json = "[\"java.util.List<io.github.azureredis.outside.Intruder>\",[{\"command\":\"x\"}]]";
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize(json.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("azure.redis.cache.allowed-packages");
	}

	@Test
	void jdkClassesBeyondPlainValueTypesAreRefused() {
		for (String type : List.of("java.lang.ProcessBuilder", "java.net.URL", "java.util.logging.FileHandler",
				"javax.naming.InitialContext", "java.time.chrono.Foo.Bar")) {
			String json = "[\"" + type + "\",{}]";
			assertThatExceptionOfType(SerializationException.class).as(type)
				.isThrownBy(() -> this.serializer.deserialize(json.getBytes(StandardCharsets.UTF_8)))
				.withMessageContaining("azure.redis.cache.allowed-packages");
		}
	}

	@Test
	void writingAClassOutsideTheAllowedPackagesFailsWithThePropertyToFix() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.serialize(new io.github.azureredis.outside.Intruder()))
			.withMessageContaining("azure.redis.cache.allowed-packages");
	}

	@Test
	void collectionOfMixedClassesKeepsEveryElementsClass() {
		List<Object> mixed = java.util.Arrays.asList(product("1"), "text", 7L, 7, null);
		assertThat(roundTrip(mixed)).isEqualTo(mixed)
			.satisfies((read) -> assertThat(((List<?>) read).get(2)).isInstanceOf(Long.class))
			.satisfies((read) -> assertThat(((List<?>) read).get(0)).isInstanceOf(Product.class));
	}

	@Test
	void dataNotWrittenByThisSerializerIsRefusedClearly() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("not a typed JSON value");
	}

	private Object roundTrip(Object value) {
		return this.serializer.deserialize(this.serializer.serialize(value));
	}

	private static Product product(String id) {
		return new Product(id, new BigDecimal("9.99"), List.of("new", "sale"), Instant.parse("2026-11-21T10:00:00Z"),
				Optional.of("note"), Map.of("eu", 3));
	}

	/**
	 * What Spring Data's JSON serializer lacks: its default typing checks a type id with Jackson's
	 * {@code PolymorphicTypeValidator}, which judges a generic type id by its name, so that a validator that allows
	 * the JDK's collections lets Jackson load the type id's parameters, and run their static initializers, before
	 * anything checks them. This serializer checks every class a type id names before one is loaded.
	 */
	@Test
	void springDataJsonSerializerLoadsTheTypeParametersOfATypeIdThatThisOneRefusesFirst() {
		byte[] planted = "[\"java.util.ArrayList<io.github.azureredis.outside.TypeParameterControlGadget>\",[]]"
			.getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(planted))
			.withMessageContaining("TypeParameterControlGadget");
		assertThat(Loaded.classes()).doesNotContain("TypeParameterControlGadget");
		GenericJacksonJsonRedisSerializer springData = GenericJacksonJsonRedisSerializer.builder()
			.enableDefaultTyping(BasicPolymorphicTypeValidator.builder()
				.allowIfSubType("java.util.")
				.allowIfSubType("io.github.azureredis.values")
				.build())
			.build();
		try {
			springData.deserialize(planted);
		}
		catch (RuntimeException ex) {
			// Whether it then refuses the value does not matter: the class was loaded.
		}
		assertThat(Loaded.classes()).contains("TypeParameterControlGadget");
	}

}
