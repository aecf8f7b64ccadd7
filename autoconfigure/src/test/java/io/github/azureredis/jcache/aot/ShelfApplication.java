package io.github.azureredis.jcache.aot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A user's application with Spring Data JPA repositories and Hibernate's second-level cache on the starter, as
 * {@code spring-boot-maven-plugin}'s {@code process-aot} runs it.
 */
@SpringBootApplication
public class ShelfApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShelfApplication.class, args);
	}

}
