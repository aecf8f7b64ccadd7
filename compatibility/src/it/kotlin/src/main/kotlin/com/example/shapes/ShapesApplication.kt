package com.example.shapes

import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.boot.runApplication
import org.springframework.cache.annotation.EnableCaching

@SpringBootApplication
@EnableCaching
class ShapesApplication

fun main(args: Array<String>) {
	runApplication<ShapesApplication>(*args)
}
