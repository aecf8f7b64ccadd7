package com.example.shapes

import java.lang.reflect.Modifier

/**
 * Where a value read from the cache differs from the value that was put, or `null` where it does not: equal, of the
 * same class at every level (elements, map keys and values, fields), and an `object` the very same instance.
 */
fun difference(expected: Any?, actual: Any?, path: String = "$"): String? {
	if (expected == null || actual == null) {
		return if (expected === actual) null else "$path: $expected came back as $actual"
	}
	if (expected.javaClass != actual.javaClass) {
		return "$path: ${expected.javaClass.name} came back as ${actual.javaClass.name}"
	}
	if (isObject(expected) && expected !== actual) {
		return "$path: object ${expected.javaClass.name} came back as a second instance"
	}
	val inside = when (expected) {
		is Map<*, *> -> {
			val other = actual as Map<*, *>
			if (expected.size != other.size) "$path: ${expected.size} entries came back as ${other.size}"
			else expected.entries.firstNotNullOfOrNull { (key, value) ->
				val otherKey = other.keys.firstOrNull { it == key }
				difference(key, otherKey, "$path.key($key)") ?: difference(value, other[otherKey], "$path[$key]")
			}
		}
		is Set<*> -> {
			val other = actual as Set<*>
			if (expected.size != other.size) "$path: ${expected.size} elements came back as ${other.size}"
			else expected.firstNotNullOfOrNull { element ->
				difference(element, other.firstOrNull { it == element }, "$path{$element}")
			}
		}
		is Collection<*> -> {
			val other = (actual as Collection<*>).toList()
			if (expected.size != other.size) "$path: ${expected.size} elements came back as ${other.size}"
			else expected.withIndex().firstNotNullOfOrNull { (i, element) ->
				difference(element, other[i], "$path[$i]")
			}
		}
		is Array<*> -> {
			val other = actual as Array<*>
			if (expected.size != other.size) "$path: ${expected.size} elements came back as ${other.size}"
			else expected.withIndex().firstNotNullOfOrNull { (i, element) ->
				difference(element, other[i], "$path[$i]")
			}
		}
		is Pair<*, *> -> difference(expected.first, (actual as Pair<*, *>).first, "$path.first")
				?: difference(expected.second, actual.second, "$path.second")
		is Triple<*, *, *> -> difference(expected.first, (actual as Triple<*, *, *>).first, "$path.first")
				?: difference(expected.second, actual.second, "$path.second")
				?: difference(expected.third, actual.third, "$path.third")
		is Enum<*> -> null
		else -> if (expected.javaClass.packageName == Shapes.javaClass.packageName) fields(expected, actual, path)
				else null
	}
	return inside ?: if (expected is Array<*> || expected == actual) null
			else "$path: $expected came back as $actual, not equal"
}

private fun fields(expected: Any, actual: Any, path: String): String? =
	generateSequence<Class<*>>(expected.javaClass) { it.superclass }
		.takeWhile { it != Any::class.java }
		.flatMap { it.declaredFields.asSequence() }
		.filter { !Modifier.isStatic(it.modifiers) }
		.firstNotNullOfOrNull { field ->
			field.isAccessible = true
			difference(field.get(expected), field.get(actual), "$path.${field.name}")
		}

private fun isObject(value: Any): Boolean = runCatching { value::class.objectInstance != null }.getOrDefault(false)
