package io.github.azureredis.values.json;

import java.lang.annotation.Annotation;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;

/**
 * Kotlin applications: whether the cache can write their classes, and the standard library's value types it writes.
 * Jackson needs its Kotlin module ({@code tools.jackson.module:jackson-module-kotlin}, with {@code kotlin-reflect})
 * to read a Kotlin class faithfully: without it, it ignores Kotlin's parameter names and defaults, and reads an
 * {@code object} back as a second instance, which {@code ==} and {@code when} then do not match. So a Kotlin class is
 * cached only when the module is on the class path; then the cache's format registers it (and
 * {@link KotlinValuesModule}) itself, as it does not take every Jackson module on the class path: a module added for
 * an API's JSON must not change what the cache writes, nor read cached data past the allow-list.
 *
 * @author Azure Redis Cache contributors
 */
final class KotlinValues {

	private static final String KOTLIN_MODULE = "tools.jackson.module.kotlin.KotlinModule";

	private static final String KOTLIN_REFLECT = "kotlin.reflect.full.KClasses";

	private static final String METADATA = "kotlin.Metadata";

	/**
	 * The standard library's value classes the cache writes, admitted by name as the JDK's are: {@code Pair} and
	 * {@code Triple}; the classes behind {@code emptyList()}, {@code emptySet()}, {@code emptyMap()},
	 * {@code buildList}, {@code buildSet} and {@code buildMap} ({@code listOf}, {@code setOf} and {@code mapOf} of
	 * elements make JDK collections, allowed already); the ranges of {@code Int}, {@code Long} and {@code Char};
	 * {@code kotlin.time.Duration} and the unsigned numbers. Each is read by assigning the state it holds: none can
	 * run other code. Not admitted: progressions with a step ({@code 1..9 step 2}, rare as cached values),
	 * {@code Unit} (a function returning it is {@code void} to Spring, which caches {@code null}) and the standard
	 * library's other classes (sequences, iterators, lambdas, {@code Regex}), which are not values.
	 */
	static final List<String> CLASSES = List.of("kotlin.Pair", "kotlin.Triple", "kotlin.collections.EmptyList",
			"kotlin.collections.EmptySet", "kotlin.collections.EmptyMap", "kotlin.collections.builders.ListBuilder",
			"kotlin.collections.builders.SetBuilder", "kotlin.collections.builders.MapBuilder",
			"kotlin.ranges.IntRange", "kotlin.ranges.LongRange", "kotlin.ranges.CharRange", "kotlin.time.Duration",
			"kotlin.UByte", "kotlin.UShort", "kotlin.UInt", "kotlin.ULong");

	private static final ClassValue<Boolean> KOTLIN_CLASSES = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			for (Annotation annotation : type.getDeclaredAnnotations()) {
				if (annotation.annotationType().getName().equals(METADATA)) {
					return true;
				}
			}
			return false;
		}

	};

	private KotlinValues() {
	}

	/**
	 * Whether Jackson's Kotlin module can be used.
	 * @param classLoader the application's class loader
	 * @return {@code true} if it and {@code kotlin-reflect} are on the class path
	 */
	static boolean isSupported(ClassLoader classLoader) {
		return ClassUtils.isPresent(KOTLIN_MODULE, classLoader) && ClassUtils.isPresent(KOTLIN_REFLECT, classLoader);
	}

	/**
	 * Adds the Kotlin modules to a mapper.
	 * @param builder the mapper's builder
	 */
	static void addModules(JsonMapper.Builder builder) {
		builder.addModule(new KotlinValuesModule());
	}

	/**
	 * Why Kotlin classes are not cached without Jackson's Kotlin module, and what to do.
	 * @param classes the Kotlin classes a value holds
	 * @return the reason and the advice
	 */
	static String moduleMissing(List<String> classes) {
		return "Jackson reads classes compiled from Kotlin (" + String.join(", ", classes) + ") faithfully (by their "
				+ "primary constructor, with its default values; an object as the one instance) only with its Kotlin "
				+ "module: add tools.jackson.module:jackson-module-kotlin to the application (it brings "
				+ "kotlin-reflect).";
	}

	/**
	 * Whether a class was compiled from Kotlin.
	 * @param type a class
	 * @return {@code true} if it was
	 */
	static boolean isKotlin(Class<?> type) {
		return KOTLIN_CLASSES.get(type);
	}

	/**
	 * Whether a class was compiled from Kotlin, outside Kotlin's standard library.
	 * @param type a class
	 * @return {@code true} if it was
	 */
	static boolean isApplicationKotlin(Class<?> type) {
		return isKotlin(type) && !type.getName().startsWith("kotlin.");
	}

}
