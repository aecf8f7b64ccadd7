package com.example.shapes

import java.math.BigDecimal
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.nanoseconds

data class Item(val id: String, val name: String, val note: String? = null, val quantity: Int = 1,
		val price: BigDecimal = BigDecimal("9.90"))

enum class Status { ACTIVE, RETIRED }

@JvmInline
value class Sku(val value: String)

data class Product(val sku: Sku, val status: Status, val stock: UInt)

data class Page<T>(val items: List<T>, val total: Long)

data class Box<T>(val value: T?)

sealed class Payment {
	data class Card(val number: String, val expiry: String) : Payment()
	data class Cash(val amount: BigDecimal) : Payment()
	object Free : Payment()
}

data class Order(val id: String, val payment: Payment, val placed: Instant = Instant.parse("2026-01-02T03:04:05Z"))

sealed interface JobState {
	object Idle : JobState
	data class Running(val progress: Int) : JobState
	data object Done : JobState
}

data class Job(val id: String, val state: JobState)

data class Basket(val owner: String, val items: List<Item> = emptyList(), val tags: Set<String> = emptySet(),
		val attributes: Map<String, String> = emptyMap())

data class Timeout(val name: String, val after: Duration, val retry: Duration? = null)

data class Window(val days: IntRange, val ids: LongRange, val letters: CharRange)

data class Inventory(val byStatus: Map<Status, List<Item>>, val counts: Map<Status, Int>)

/** A class that is not a data class, with a property computed at construction. */
class Reading(val raw: String) {
	val normalized: String = raw.trim().lowercase()

	override fun equals(other: Any?) = other is Reading && other.raw == raw && other.normalized == normalized

	override fun hashCode() = raw.hashCode()
}

/** The values a Kotlin service commonly returns, by name: each must come back from the cache as it went in. */
object Shapes {

	private val items = listOf(Item("1", "Pen"), Item("2", "Ink", note = "blue", quantity = 3))

	private val all: Map<String, () -> Any> = linkedMapOf(
		"data class, nullable field null, parameters at their defaults" to { Item("1", "Pen") },
		"data class, every parameter set" to { Item("2", "Ink", "blue", 3, BigDecimal("1.50")) },
		"List of data classes (listOf of two: Arrays\$ArrayList)" to { items },
		"List of one data class (listOf of one: SingletonList)" to { listOf(Item("1", "Pen")) },
		"Map of data classes (mapOf of one: SingletonMap)" to { mapOf("a" to Item("1", "Pen")) },
		"Map of data classes (mapOf of two: LinkedHashMap)" to { mapOf("a" to items[0], "b" to items[1]) },
		"Set (setOf of one: SingletonSet)" to { setOf("a") },
		"Set (setOf of two: LinkedHashSet)" to { setOf("a", "b") },
		"mutableListOf, hashMapOf, sortedMapOf" to {
			listOf(mutableListOf(1L), hashMapOf("a" to 1), sortedMapOf("b" to 2))
		},
		"results of filter, associateBy, groupBy, sortedBy, toSet" to {
			listOf(items.filter { it.quantity > 1 }, items.associateBy { it.id }, items.groupBy { it.quantity },
					items.sortedByDescending { it.id }, items.map { it.name }.toSet())
		},
		"enum class" to { Status.RETIRED },
		"@JvmInline value class and unsigned fields" to { Product(Sku("S-1"), Status.ACTIVE, 7u) },
		"value class at the root" to { Sku("S-2") },
		"List of value classes" to { listOf(Sku("a"), Sku("b")) },
		"generic Page of data classes" to { Page(items, 12) },
		"sealed class: two-parameter subclass" to { Order("o1", Payment.Card("4111", "12/30")) },
		"sealed class: one-parameter subclass" to { Order("o2", Payment.Cash(BigDecimal("9.90"))) },
		"sealed class: object subclass" to { Order("o3", Payment.Free) },
		"List of a sealed class" to { listOf(Payment.Cash(BigDecimal.TEN), Payment.Free, Payment.Card("1", "01/31")) },
		"object in a field" to { Job("j1", JobState.Idle) },
		"object at the root" to { JobState.Idle },
		"data object in a field" to { Job("j2", JobState.Done) },
		"List of objects and data classes of a sealed interface" to {
			listOf(JobState.Idle, JobState.Running(40), JobState.Done)
		},
		"Pair" to { "a" to 1 },
		"Triple" to { Triple("a", 1L, Item("1", "Pen")) },
		"List of Pairs (zip)" to { listOf("a", "b").zip(listOf(1, 2)) },
		"emptyList at the root" to { emptyList<Item>() },
		"emptySet at the root" to { emptySet<String>() },
		"emptyMap at the root" to { emptyMap<String, Item>() },
		"data class with emptyList, emptySet and emptyMap defaults" to { Basket("ada") },
		"results of toList, toSet, toMap on nothing" to {
			listOf(items.filter { false }.toList(), setOf<Int>().toSet(), mapOf<String, Int>().toMap())
		},
		"buildList, buildSet, buildMap" to {
			listOf(buildList { addAll(items) }, buildSet { add("a") }, buildMap { put("a", 1) })
		},
		"nullable generic holding null" to { Box<Item>(null) },
		"nullable generic holding a data class" to { Box(Item("1", "Pen")) },
		"nullable generic holding a value class" to { Box(Sku("S-3")) },
		"Map with enum keys" to {
			Inventory(items.groupBy { if (it.quantity > 1) Status.ACTIVE else Status.RETIRED }, mapOf(Status.ACTIVE to 3))
		},
		"Map with value class keys" to { mapOf(Sku("a") to 1, Sku("b") to 2) },
		"Map with data class keys" to { mapOf(Item("1", "Pen") to 1) },
		"Map with Pair keys" to { mapOf(("a" to 1) to "x") },
		"Map with Duration values" to { mapOf("a" to 5.minutes) },
		"Array of data classes" to { arrayOf(Item("1", "Pen")) },
		"kotlin.time.Duration fields" to { Timeout("read", 5.minutes, 1.nanoseconds) },
		"kotlin.time.Duration at the root and in a List" to { listOf(250.milliseconds, Duration.INFINITE) },
		"IntRange, LongRange and CharRange fields" to { Window(1..31, 10L..20L, 'a'..'z') },
		"IntRange at the root" to { 1..10 },
		"class with a property computed at construction" to { Reading(" Forty-Two ") },
	)

	/** The names of the shapes. */
	val names: List<String> get() = all.keys.toList()

	/** A new value of a shape. */
	fun make(name: String): Any = all.getValue(name)()

}
