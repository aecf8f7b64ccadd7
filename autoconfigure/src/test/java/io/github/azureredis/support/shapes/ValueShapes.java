package io.github.azureredis.support.shapes;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIdentityInfo;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.ObjectIdGenerators;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;

/**
 * The value shapes Spring services return from cached methods, each with a name, for the value-fidelity matrix.
 * Every shape's value is equal to a second instance made the same way, so a test can compare what a cache returns
 * with a fresh one.
 */
public final class ValueShapes {

	private ValueShapes() {
	}

	/**
	 * A named value shape.
	 *
	 * @param name the name
	 * @param value makes the value
	 */
	public record Shape(String name, Supplier<Object> value) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** @return every shape */
	public static List<Shape> all() {
		List<Shape> shapes = new ArrayList<>();
		shapes.add(new Shape("record", () -> item("1")));
		shapes.add(new Shape("record, not Serializable", () -> new PlainItem("1", new BigDecimal("2.50"))));
		shapes.add(new Shape("generic wrapper record of records", () -> new Paged<>(List.of(item("1"), item("2")), 2)));
		shapes.add(new Shape("generic wrapper record, not Serializable",
				() -> new PlainPage<>(List.of(new PlainItem("1", BigDecimal.ONE)), 1)));
		shapes.add(new Shape("generics two deep: Result<List<Item>>",
				() -> new Result<>(new ArrayList<>(List.of(item("3"))), Map.of("source", "db"))));
		shapes.add(new Shape("map of record keys to lists: Map<Key, List<Item>>", () -> {
			Map<Key, List<Item>> map = new LinkedHashMap<>();
			map.put(new Key("eu", 1), new ArrayList<>(List.of(item("4"))));
			map.put(new Key("us", 2), List.of(item("5"), item("6")));
			return map;
		}));
		shapes.add(new Shape("sealed interface field", () -> new Drawing("d", List.of(new Circle(1.5), new Square(2)))));
		shapes.add(new Shape("abstract class hierarchy", () -> new Zoo(List.of(new Dog("rex", true), new Cat("tom", 9)))));
		shapes.add(new Shape("DTO hierarchy: field of a base class holding a subclass",
				() -> new Holder(new DerivedDto("a", 7))));
		shapes.add(new Shape("@JsonTypeInfo type", () -> new EventLog(List.of(new Created("x"), new Deleted("y", 3)))));
		shapes.add(new Shape("@JsonTypeInfo(use = CLASS) property", () -> new Plugin(item("p"))));
		shapes.add(new Shape("Object field holding a Long", () -> new Envelope(42L, "meta")));
		shapes.add(new Shape("type variable field holding a UUID",
				() -> new Box<>(UUID.fromString("2f1a7c4e-8a8b-4c1e-9d1e-0c3f1a2b3c4d"))));
		shapes.add(new Shape("list of mixed classes", () -> new Mixed(Arrays.asList(1L, "two", item("3"), null, 4))));
		shapes.add(new Shape("array of records", () -> new Item[] { item("7"), item("8") }));
		shapes.add(new Shape("byte[]", () -> new byte[] { 1, 2, 3, -1 }));
		shapes.add(new Shape("long[][]", () -> new long[][] { { 1, 2 }, { 3 } }));
		shapes.add(new Shape("Short", () -> (short) 7));
		shapes.add(new Shape("Byte", () -> (byte) 7));
		shapes.add(new Shape("Character", () -> 'c'));
		shapes.add(new Shape("Float", () -> 1.25f));
		shapes.add(new Shape("Long", () -> 7L));
		shapes.add(new Shape("Integer", () -> 7));
		shapes.add(new Shape("String", () -> "text"));
		shapes.add(new Shape("BigDecimal with scale", () -> new BigDecimal("1.50")));
		shapes.add(new Shape("BigDecimal with negative scale", () -> new BigDecimal("1E+3")));
		shapes.add(new Shape("ZonedDateTime with a region", () -> ZonedDateTime.of(2026, 11, 30, 10, 0, 0, 123456789,
				ZoneId.of("Europe/Paris"))));
		shapes.add(new Shape("java.time values", () -> new Times(Instant.parse("2026-11-30T10:15:30.123456789Z"),
				LocalDate.of(2026, 11, 30), OffsetDateTime.of(2026, 11, 30, 10, 0, 0, 0, ZoneOffset.ofHours(2)),
				Duration.ofMillis(1500), ZoneId.of("America/New_York"))));
		shapes.add(new Shape("java.util.Date", () -> new Date(1_764_000_000_123L)));
		shapes.add(new Shape("enum with bodies", () -> Operation.PLUS));
		shapes.add(new Shape("record with enums with bodies", () -> new Calculation(Operation.MINUS, List.of(Operation.PLUS))));
		shapes.add(new Shape("EnumSet", () -> EnumSet.of(Color.RED, Color.BLUE)));
		shapes.add(new Shape("EnumMap", () -> {
			EnumMap<Color, Integer> map = new EnumMap<>(Color.class);
			map.put(Color.GREEN, 2);
			return map;
		}));
		shapes.add(new Shape("JDK enums at the root", () -> java.util.concurrent.TimeUnit.SECONDS));
		shapes.add(new Shape("record with JDK enums and an EnumMap keyed by one", () -> {
			EnumMap<java.util.concurrent.TimeUnit, java.math.BigDecimal> limits = new EnumMap<>(
					java.util.concurrent.TimeUnit.class);
			limits.put(java.util.concurrent.TimeUnit.SECONDS, new java.math.BigDecimal("1.50"));
			return new Schedule(java.time.temporal.ChronoUnit.HOURS, java.math.RoundingMode.HALF_EVEN,
					EnumSet.of(java.time.DayOfWeek.MONDAY), limits);
		}));
		shapes.add(new Shape("immutable JDK collections", () -> new Immutables(List.of(1, 2, 3), List.of("a"), Set.of("x", "y", "z"),
				Map.of("k", 1), Collections.unmodifiableList(new ArrayList<>(List.of("u"))), Collections.emptyList(),
				Collections.singletonList("s"), Arrays.asList("p", "q"), Stream.of("t", "u").toList())));
		shapes.add(new Shape("List.of root", () -> List.of(item("9"), item("10"), item("11"))));
		shapes.add(new Shape("Set.of root", () -> Set.of(1L, 2L)));
		shapes.add(new Shape("Map.of root", () -> Map.of("a", item("12"))));
		shapes.add(new Shape("Spring Data Page", () -> new PageImpl<>(List.of(item("13"), item("14")),
				PageRequest.of(1, 2, Sort.by(Sort.Order.desc("name").ignoreCase(), Sort.Order.asc("id"))), 10)));
		shapes.add(new Shape("Spring Data Slice", () -> new SliceImpl<>(List.of(item("15")), PageRequest.of(0, 1), true)));
		shapes.add(new Shape("Spring Data unpaged Page", () -> new PageImpl<>(List.of("a", "b"))));
		shapes.add(new Shape("constructor-only DTO", () -> new ConstructorDto("id-1", 3, List.of("t"))));
		shapes.add(new Shape("POJO with setters", () -> {
			Customer customer = new Customer();
			customer.setName("Ada");
			customer.setTags(new HashSet<>(Set.of("vip", "eu")));
			return customer;
		}));
		shapes.add(new Shape("record with Optional fields", () -> new Profile(Optional.of("Ada"), Optional.empty())));
		shapes.add(new Shape("nested maps", () -> {
			Map<String, Map<String, List<Item>>> map = new TreeMap<>();
			map.put("outer", new HashMap<>(Map.of("inner", new LinkedList<>(List.of(item("17"))))));
			return map;
		}));
		shapes.add(new Shape("map with keys of mixed classes", () -> {
			Map<Object, Object> map = new LinkedHashMap<>();
			map.put(1L, "long key");
			map.put("1", "string key");
			map.put("[not json", "bracket key");
			map.put(UUID.fromString("2f1a7c4e-8a8b-4c1e-9d1e-0c3f1a2b3c4d"), 1);
			map.put(new Key("k", 0), List.of());
			return map;
		}));
		shapes.add(new Shape("wrapper with metadata", () -> new ApiResponse<>(new Paged<>(List.of(item("18")), 1),
				Map.of("etag", List.of("\"v1\"")), Instant.parse("2026-11-30T10:00:00Z"))));
		shapes.add(new Shape("sets of records", () -> new Sets(new LinkedHashSet<>(List.of(item("19"), item("20"))),
				new HashSet<>(List.of(item("21"), item("22"), item("23"))))));
		shapes.add(new Shape("@JsonInclude(NON_NULL) field with a default, holding null", () -> new Settings(null)));
		shapes.add(new Shape("@JsonProperty(access = WRITE_ONLY) field", () -> new Account("ada", "secret")));
		shapes.add(new Shape("@JsonFormat(pattern) dropping seconds", () -> new Stamped(LocalDateTime.of(2026, 11, 30, 10, 15, 42))));
		shapes.add(new Shape("enum constants sharing a toString()", () -> new Shades(List.of(Shade.DARK_RED, Shade.LIGHT_RED))));
		shapes.add(new Shape("empty EnumSet", () -> EnumSet.noneOf(Color.class)));
		shapes.add(new Shape("record with an empty EnumSet and an empty EnumMap",
				() -> new Palette(EnumSet.noneOf(Color.class), new EnumMap<>(Color.class))));
		shapes.add(new Shape("@JsonUnwrapped field", () -> new Person("Ada", new Address("1 Main St", "London"))));
		shapes.add(new Shape("@JsonIdentityInfo graph with a shared node", () -> {
			Node shared = new Node("shared", null);
			return new Graph(List.of(new Node("a", shared), new Node("b", shared)));
		}));
		shapes.add(new Shape("UUID", () -> UUID.fromString("2f1a7c4e-8a8b-4c1e-9d1e-0c3f1a2b3c4d")));
		shapes.add(new Shape("ArrayList of Longs", () -> new ArrayList<>(List.of(1L, 2L))));
		return shapes;
	}

	/** @return the shape of that name */
	public static Shape named(String name) {
		return all().stream().filter((shape) -> shape.name().equals(name)).findFirst().orElseThrow();
	}

	public static Item item(String id) {
		return new Item(id, "Item " + id, new BigDecimal("9.90"), List.of("new"));
	}

	public record Item(String id, String name, BigDecimal price, List<String> tags) implements Serializable {
	}

	public record Paged<T>(List<T> content, long total) implements Serializable {
	}

	public record PlainItem(String id, BigDecimal price) {
	}

	public record PlainPage<T>(List<T> content, long total) {
	}

	public record Result<T>(T data, Map<String, String> meta) implements Serializable {
	}

	public record Key(String region, int shelf) implements Serializable {
	}

	public sealed interface Shape2D extends Serializable permits Circle, Square {
	}

	public record Circle(double radius) implements Shape2D {
	}

	public record Square(int side) implements Shape2D {
	}

	public record Drawing(String name, List<Shape2D> shapes) implements Serializable {
	}

	public abstract static class Animal implements Serializable {

		private final String name;

		protected Animal(String name) {
			this.name = name;
		}

		public String name() {
			return this.name;
		}

		@Override
		public boolean equals(Object other) {
			return other != null && other.getClass() == getClass() && ((Animal) other).name.equals(this.name);
		}

		@Override
		public int hashCode() {
			return this.name.hashCode();
		}

	}

	public static final class Dog extends Animal {

		private final boolean goodBoy;

		public Dog(String name, boolean goodBoy) {
			super(name);
			this.goodBoy = goodBoy;
		}

		@Override
		public boolean equals(Object other) {
			return super.equals(other) && ((Dog) other).goodBoy == this.goodBoy;
		}

		@Override
		public int hashCode() {
			return super.hashCode();
		}

	}

	public static final class Cat extends Animal {

		private final int lives;

		public Cat(String name, int lives) {
			super(name);
			this.lives = lives;
		}

		@Override
		public boolean equals(Object other) {
			return super.equals(other) && ((Cat) other).lives == this.lives;
		}

		@Override
		public int hashCode() {
			return super.hashCode();
		}

	}

	public record Zoo(List<Animal> animals) implements Serializable {
	}

	public static class BaseDto implements Serializable {

		private String code;

		public BaseDto() {
		}

		public BaseDto(String code) {
			this.code = code;
		}

		@Override
		public boolean equals(Object other) {
			return other != null && other.getClass() == getClass() && Objects.equals(((BaseDto) other).code, this.code);
		}

		@Override
		public int hashCode() {
			return Objects.hashCode(this.code);
		}

	}

	public static class DerivedDto extends BaseDto {

		private int level;

		public DerivedDto() {
		}

		public DerivedDto(String code, int level) {
			super(code);
			this.level = level;
		}

		@Override
		public boolean equals(Object other) {
			return super.equals(other) && ((DerivedDto) other).level == this.level;
		}

		@Override
		public int hashCode() {
			return super.hashCode() * 31 + this.level;
		}

	}

	public record Holder(BaseDto dto) implements Serializable {
	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
	@JsonSubTypes({ @JsonSubTypes.Type(value = Created.class, name = "created"),
			@JsonSubTypes.Type(value = Deleted.class, name = "deleted") })
	public interface Event extends Serializable {
	}

	public record Created(String id) implements Event {
	}

	public record Deleted(String id, int version) implements Event {
	}

	public record EventLog(List<Event> events) implements Serializable {
	}

	public record Envelope(Object payload, String meta) implements Serializable {
	}

	public record Box<T>(T value) implements Serializable {
	}

	public record Mixed(List<Object> values) implements Serializable {
	}

	public record Times(Instant instant, LocalDate date, OffsetDateTime offset, Duration duration, ZoneId zone)
			implements Serializable {
	}

	public enum Operation {

		PLUS {
			@Override
			public int apply(int a, int b) {
				return a + b;
			}
		},
		MINUS {
			@Override
			public int apply(int a, int b) {
				return a - b;
			}
		};

		public abstract int apply(int a, int b);

	}

	public record Calculation(Operation operation, List<Operation> history) implements Serializable {
	}

	public enum Color {

		RED, GREEN, BLUE

	}

	public record Immutables(List<Integer> listN, List<String> list12, Set<String> setN, Map<String, Integer> map1,
			List<String> unmodifiable, List<String> empty, List<String> singleton, List<String> asList,
			List<String> streamed) implements Serializable {
	}

	public static final class ConstructorDto implements Serializable {

		private final String id;

		private final int count;

		private final List<String> tags;

		public ConstructorDto(String id, int count, List<String> tags) {
			this.id = id;
			this.count = count;
			this.tags = tags;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof ConstructorDto dto && dto.id.equals(this.id) && dto.count == this.count
					&& dto.tags.equals(this.tags);
		}

		@Override
		public int hashCode() {
			return this.id.hashCode();
		}

	}

	public static class Customer implements Serializable {

		private String name;

		private Set<String> tags = new HashSet<>();

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public Set<String> getTags() {
			return this.tags;
		}

		public void setTags(Set<String> tags) {
			this.tags = tags;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Customer customer && Objects.equals(customer.name, this.name)
					&& customer.tags.equals(this.tags);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.name, this.tags);
		}

	}

	public record ApiResponse<T>(T body, Map<String, List<String>> headers, Instant at) implements Serializable {
	}

	public record Profile(Optional<String> nickname, Optional<Item> favourite) {
	}

	/**
	 * A value whose field carries its own class name, as Jackson writes for {@code @JsonTypeInfo(use = CLASS)}.
	 *
	 * @param settings the settings, of any class
	 */
	public record Plugin(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "@type") Object settings) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public static class Settings implements Serializable {

		private String mode = "auto";

		public Settings() {
		}

		public Settings(String mode) {
			this.mode = mode;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Settings settings && Objects.equals(settings.mode, this.mode);
		}

		@Override
		public int hashCode() {
			return Objects.hashCode(this.mode);
		}

	}

	public static class Account implements Serializable {

		private String user;

		@JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
		private String password;

		public Account() {
		}

		public Account(String user, String password) {
			this.user = user;
			this.password = password;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Account account && Objects.equals(account.user, this.user)
					&& Objects.equals(account.password, this.password);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.user, this.password);
		}

	}

	public record Stamped(@JsonFormat(pattern = "yyyy-MM-dd HH:mm") LocalDateTime at) implements Serializable {
	}

	public enum Shade {

		LIGHT_RED, DARK_RED;

		@Override
		public String toString() {
			return "red";
		}

	}

	public record Shades(List<Shade> shades) implements Serializable {
	}

	public record Palette(EnumSet<Color> colors, EnumMap<Color, Integer> weights) implements Serializable {
	}

	public record Schedule(java.time.temporal.ChronoUnit unit, java.math.RoundingMode rounding,
			EnumSet<java.time.DayOfWeek> days, EnumMap<java.util.concurrent.TimeUnit, java.math.BigDecimal> limits)
			implements Serializable {
	}

	public record Address(String street, String city) implements Serializable {
	}

	public static class Person implements Serializable {

		private String name;

		@JsonUnwrapped
		private Address address;

		public Person() {
		}

		public Person(String name, Address address) {
			this.name = name;
			this.address = address;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Person person && Objects.equals(person.name, this.name)
					&& Objects.equals(person.address, this.address);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.name, this.address);
		}

	}

	@JsonIdentityInfo(generator = ObjectIdGenerators.PropertyGenerator.class, property = "id")
	public static class Node implements Serializable {

		private String id;

		private Node next;

		public Node() {
		}

		public Node(String id, Node next) {
			this.id = id;
			this.next = next;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Node node && Objects.equals(node.id, this.id) && Objects.equals(node.next, this.next);
		}

		@Override
		public int hashCode() {
			return Objects.hashCode(this.id);
		}

	}

	public record Graph(List<Node> nodes) implements Serializable {
	}

	public record Sets(Set<Item> ordered, Set<Item> unordered) implements Serializable {
	}

}
