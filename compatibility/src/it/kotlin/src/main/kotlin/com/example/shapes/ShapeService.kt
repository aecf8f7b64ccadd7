package com.example.shapes

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import org.springframework.cache.annotation.Cacheable
import org.springframework.stereotype.Service

/** Returns each shape of [Shapes] from a cached method, counting how often the method really runs per shape. */
@Service
class ShapeService {

	private val calls = ConcurrentHashMap<String, AtomicInteger>()

	@Cacheable("shapes")
	fun get(name: String): Any {
		calls.computeIfAbsent(name) { AtomicInteger() }.incrementAndGet()
		return Shapes.make(name)
	}

	fun calls(name: String): Int = calls[name]?.get() ?: 0

}
