package com.example.shapes

import io.github.azureredis.cache.AzureRedisCache
import io.github.azureredis.testsupport.RedisServer
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import org.springframework.boot.builder.SpringApplicationBuilder
import org.springframework.boot.test.context.FilteredClassLoader
import org.springframework.boot.test.system.CapturedOutput
import org.springframework.boot.test.system.OutputCaptureExtension
import org.springframework.cache.CacheManager
import org.springframework.cache.annotation.Cacheable
import org.springframework.context.ConfigurableApplicationContext
import org.springframework.core.io.DefaultResourceLoader
import org.springframework.core.io.ResourceLoader

/**
 * Every shape of [Shapes] through a `@Cacheable` method of a Kotlin application on a real redis-server, with the
 * starter's default settings: the first call runs the method, the next ones are hits returning a value equal to the
 * one put, of the same classes at every level, and `object`s as the very same instance (so that `==` and `when`
 * still match). Through the Spring cache, with local copies (near cache) and through JCache.
 */
@ExtendWith(OutputCaptureExtension::class)
class ValueShapesTests {

	enum class Mode(val calls: Int, vararg val properties: String) {
		SPRING_CACHE(2),
		NEAR_CACHE(3, "azure.redis.cache.near-cache.enabled=true"),
		JCACHE(2, "spring.cache.type=jcache"),
	}

	@BeforeEach
	fun emptyRedis() {
		redis.client().use { it.require("FLUSHALL") }
	}

	@ParameterizedTest
	@EnumSource(Mode::class)
	fun everyShapeComesBackAsItWasPut(mode: Mode, output: CapturedOutput) {
		start(*mode.properties).use { context ->
			val service = context.getBean(ShapeService::class.java)
			val cache = context.getBean(CacheManager::class.java).getCache("shapes")!!
			if (mode == Mode.NEAR_CACHE) {
				// Entries read are kept locally once the near cache listens to invalidations.
				cache.put("probe", "ready")
				await().atMost(Duration.ofSeconds(30)).until {
					cache.get("probe")
					(cache as AzureRedisCache).localSize() > 0
				}
				cache.evict("probe")
			}
			val outcomes = Shapes.names.associateWith { name -> outcome(service, name, mode.calls) }
			println("$mode:\n" + outcomes.entries.joinToString("\n") { (name, outcome) -> "  $name: $outcome" })
			assertThat(outcomes.filterValues { it != "ok" }).isEmpty()
			if (mode == Mode.NEAR_CACHE) {
				assertThat((cache as AzureRedisCache).localSize()).isEqualTo(Shapes.names.size.toLong())
			}
		}
		assertThat(output).doesNotContain("Not caching")
	}

	@Test
	fun objectsStillMatchInWhenAfterAHit() {
		start().use { context ->
			val service = context.getBean(ShapeService::class.java)
			val name = "object in a field"
			repeat(2) { service.get(name) }
			val state = (service.get(name) as Job).state
			assertThat(service.calls(name)).isOne()
			val matched = when (state) {
				JobState.Idle -> "idle"
				JobState.Done -> "done"
				is JobState.Running -> "running"
			}
			assertThat(matched).isEqualTo("idle")
			assertThat(state == JobState.Idle).isTrue()
		}
	}

	@Test
	fun whatTheCacheCannotReadIsNotCachedWithAWarningSayingWhatToChange(output: CapturedOutput) {
		start().use { context ->
			val service = context.getBean(UncacheableShapes::class.java)
			repeat(2) { service.temperature() }
			repeat(2) { service.oddDays() }
			assertThat(service.calls()).isEqualTo(4)
		}
		assertThat(output).contains("values of class com.example.shapes.Temperature are not cached: it cannot be read "
				+ "back from JSON (Cannot read a cached value: Missing required creator property 'celsius'")
			.contains("Give it a constructor Jackson can use (a primary constructor whose parameters are its "
				+ "properties, val or var, as in a data class, or one annotated with @JsonCreator)")
			.contains("values of class kotlin.ranges.IntProgression are not cached: class "
				+ "kotlin.ranges.IntProgression is not allowed: it is a class of Kotlin's standard library the cache "
				+ "does not write")
			.doesNotContain("-parameters")
	}

	@Test
	fun withoutJacksonsKotlinModuleKotlinValuesAreNotCachedAndTheWarningNamesTheModule(output: CapturedOutput) {
		val withoutModule = FilteredClassLoader("tools.jackson.module.kotlin")
		start(DefaultResourceLoader(withoutModule)).use { context ->
			val service = context.getBean(ShapeService::class.java)
			val name = "object in a field"
			repeat(2) { assertThat(service.get(name)).isEqualTo(Shapes.make(name)) }
			assertThat(service.calls(name)).isEqualTo(2)
		}
		assertThat(output).contains("values of class com.example.shapes.Job holding com.example.shapes.JobState\$Idle "
				+ "are not cached: Jackson reads classes compiled from Kotlin (com.example.shapes.Job, "
				+ "com.example.shapes.JobState\$Idle) faithfully (by their primary constructor, with its default "
				+ "values; an object as the one instance) only with its Kotlin module: add "
				+ "tools.jackson.module:jackson-module-kotlin to the application")
	}

	private fun outcome(service: ShapeService, name: String, calls: Int): String {
		val expected = Shapes.make(name)
		for (call in 1..calls) {
			val difference = difference(expected, service.get(name))
			if (difference != null) {
				return "call $call: $difference"
			}
		}
		val ran = service.calls(name)
		return if (ran == 1) "ok" else "not cached (the method ran $ran times in $calls calls)"
	}

	private fun start(vararg properties: String): ConfigurableApplicationContext = start(null, *properties)

	private fun start(resourceLoader: ResourceLoader?, vararg properties: String): ConfigurableApplicationContext =
		SpringApplicationBuilder(ShapesApplication::class.java, UncacheableShapes::class.java)
			.apply { if (resourceLoader != null) resourceLoader(resourceLoader) }
			.properties("spring.data.redis.host=${redis.host()}", "spring.data.redis.port=${redis.port()}", *properties)
			.run()

	/**
	 * Shapes Jackson cannot read back, whose warning must name what to change, for Kotlin. A source of the test's
	 * application only: not a component, so that the application's scan does not find it.
	 */
	open class UncacheableShapes {

		private val calls = AtomicInteger()

		open fun calls(): Int = calls.get()

		@Cacheable("uncacheable", key = "'temperature'")
		open fun temperature(): Temperature = Temperature(21.5).also { calls.incrementAndGet() }

		@Cacheable("uncacheable", key = "'odd days'")
		open fun oddDays(): IntProgression = (1..31 step 2).also { calls.incrementAndGet() }

	}

	companion object {

		private val redis = RedisServer.start()

		@JvmStatic
		@AfterAll
		fun stopRedis() {
			redis.close()
		}

	}

}

/** Its constructor parameter is not a property: Jackson has nothing to pass it when reading. */
class Temperature(celsius: Double) {
	val fahrenheit: Double = celsius * 9 / 5 + 32
}
