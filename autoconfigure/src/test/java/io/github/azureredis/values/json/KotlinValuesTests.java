package io.github.azureredis.values.json;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.UncacheableValueException.Reason;
import kotlin.Pair;
import kotlin.Triple;
import kotlin.collections.CollectionsKt;
import kotlin.collections.MapsKt;
import kotlin.collections.SetsKt;
import kotlin.ranges.CharRange;
import kotlin.ranges.IntProgression;
import kotlin.ranges.IntRange;
import kotlin.ranges.LongRange;
import kotlin.time.Duration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Kotlin's standard library values through the JSON serializer, with Jackson's Kotlin module on the class path (as in
 * a Kotlin application) and without it. The application's own Kotlin classes (data classes, sealed classes, objects,
 * value classes) are tested by the Kotlin application of the compatibility build, compiled by Kotlin.
 */
class KotlinValuesTests {

	private final AllowListJsonRedisSerializer serializer = new AllowListJsonRedisSerializer(
			List.of("io.github.azureredis.values"), getClass().getClassLoader());

	record Schedule(IntRange days, Object window, List<String> notes) {
	}

	@Test
	void pairAndTripleReadBackWithTheirElementsClasses() {
		assertThat(roundTrip(new Pair<>("a", 1L))).isEqualTo(new Pair<>("a", 1L))
			.extracting((pair) -> ((Pair<?, ?>) pair).getSecond())
			.isInstanceOf(Long.class);
		assertThat(roundTrip(new Triple<>("a", 1, List.of(2L)))).isEqualTo(new Triple<>("a", 1, List.of(2L)));
	}

	@Test
	void emptyCollectionsReadBackAsTheStandardLibrarysSingletons() {
		assertThat(roundTrip(CollectionsKt.emptyList())).isSameAs(CollectionsKt.emptyList());
		assertThat(roundTrip(SetsKt.emptySet())).isSameAs(SetsKt.emptySet());
		assertThat(roundTrip(MapsKt.emptyMap())).isSameAs(MapsKt.emptyMap());
		assertThat(json(CollectionsKt.emptyList())).isEqualTo("[\"kotlin.collections.EmptyList\",[]]");
	}

	@Test
	void builtCollectionsReadBackReadOnlyAndOfTheSameClass() {
		List<Object> list = CollectionsKt.createListBuilder();
		list.add("a");
		list.add(1L);
		List<Object> builtList = CollectionsKt.build(list);
		Set<Object> set = SetsKt.createSetBuilder();
		set.add("a");
		Set<Object> builtSet = SetsKt.build(set);
		Map<Object, Object> map = MapsKt.createMapBuilder();
		map.put("a", 1L);
		Map<Object, Object> builtMap = MapsKt.build(map);
		for (Object built : List.of(builtList, builtSet, builtMap)) {
			Object read = roundTrip(built);
			assertThat(read).isEqualTo(built).hasSameClassAs(built);
		}
		@SuppressWarnings("unchecked")
		List<Object> readList = (List<Object>) roundTrip(builtList);
		assertThat(readList.get(1)).isInstanceOf(Long.class);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> readList.add("b"));
		@SuppressWarnings("unchecked")
		Map<Object, Object> readMap = (Map<Object, Object>) roundTrip(builtMap);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> readMap.put("b", 2L));
	}

	@Test
	void rangesReadBackAtTheRootAndInFields() {
		assertThat(roundTrip(new IntRange(1, 10))).isEqualTo(new IntRange(1, 10));
		assertThat(roundTrip(new LongRange(-5, Long.MAX_VALUE))).isEqualTo(new LongRange(-5, Long.MAX_VALUE));
		assertThat(roundTrip(new CharRange('a', 'z'))).isEqualTo(new CharRange('a', 'z'));
		Schedule schedule = new Schedule(new IntRange(1, 5), new LongRange(9, 17), List.of());
		assertThat(roundTrip(schedule)).isEqualTo(schedule);
	}

	@Test
	void valueClassesKeepTheirClassWhereTheJsonNamesIt() throws ReflectiveOperationException {
		Object fiveMinutes = duration("PT5M");
		Object nanos = duration("PT0.000000001S");
		assertThat(roundTrip(fiveMinutes)).isEqualTo(fiveMinutes).hasToString("5m");
		assertThat(roundTrip(List.of(fiveMinutes, nanos))).isEqualTo(List.of(fiveMinutes, nanos));
		assertThat(json(fiveMinutes)).startsWith("[\"kotlin.time.Duration\",");
		Object max = Class.forName("kotlin.ULong").getMethod("box-impl", long.class).invoke(null, -1L);
		assertThat(roundTrip(max)).isEqualTo(max).hasToString("18446744073709551615");
	}

	@Test
	void aStandardLibraryClassTheCacheDoesNotWriteIsNotCachedWithWhatToCacheInstead() {
		IntProgression odd = IntProgression.Companion.fromClosedRange(1, 9, 2);
		assertThatExceptionOfType(UncacheableValueException.class).isThrownBy(() -> this.serializer.serialize(odd))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.NOT_ALLOWED))
			.withMessageContaining("kotlin.ranges.IntProgression is not allowed: it is a class of Kotlin's standard "
					+ "library the cache does not write")
			.withMessageContaining("a data class of your own");
	}

	@Test
	void aStandardLibraryClassOutsideTheListIsRefusedBeforeItIsLoaded() {
		byte[] json = "[\"kotlin.collections.ArrayDeque\",[]]".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(SerializationException.class).isThrownBy(() -> this.serializer.deserialize(json))
			.withMessageStartingWith("Refused to read a value of class kotlin.collections.ArrayDeque");
	}

	@Test
	void withoutTheKotlinModuleKotlinClassesAreNotCachedAndTheWarningNamesTheModule() {
		ClassLoader withoutModule = new FilteredClassLoader("tools.jackson.module.kotlin");
		AllowListJsonRedisSerializer defaults = new AllowListJsonRedisSerializer(List.of("io.github.azureredis.values"),
				withoutModule);
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> defaults.serialize(new Pair<>("a", 1)))
			.withMessageContaining("kotlin.Pair is not allowed")
			.withMessageContaining("with jackson-module-kotlin on the class path, it writes Pair");
		AllowListJsonRedisSerializer kotlinAllowed = new AllowListJsonRedisSerializer(
				List.of("io.github.azureredis.values", "kotlin"), withoutModule);
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> kotlinAllowed.serialize(new Pair<>("a", 1)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(Reason.NOT_FAITHFUL))
			.withMessage("values of class kotlin.Pair are not cached: Jackson reads classes compiled from Kotlin "
					+ "(kotlin.Pair) faithfully (by their primary constructor, with its default values; an object as "
					+ "the one instance) only with its Kotlin module: add tools.jackson.module:jackson-module-kotlin "
					+ "to the application (it brings kotlin-reflect).");
		Schedule javaRecord = new Schedule(new IntRange(1, 2), "x", List.of());
		assertThatExceptionOfType(UncacheableValueException.class)
			.isThrownBy(() -> kotlinAllowed.serialize(javaRecord))
			.withMessageContaining("are not cached: Jackson reads classes compiled from Kotlin "
					+ "(kotlin.ranges.IntRange) faithfully");
	}

	private Object roundTrip(Object value) {
		return this.serializer.deserialize(this.serializer.serialize(value));
	}

	private String json(Object value) {
		return new String(this.serializer.serialize(value), StandardCharsets.UTF_8);
	}

	/** A {@code kotlin.time.Duration}, which Java code can only make through the names Kotlin compiles. */
	private static Object duration(String iso) throws ReflectiveOperationException {
		Method parse = Arrays.stream(Duration.Companion.getClass().getMethods())
			.filter((method) -> method.getName().startsWith("parseIsoString-"))
			.findFirst()
			.orElseThrow();
		long raw = (long) parse.invoke(Duration.Companion, iso);
		return Duration.class.getMethod("box-impl", long.class).invoke(null, raw);
	}

}
