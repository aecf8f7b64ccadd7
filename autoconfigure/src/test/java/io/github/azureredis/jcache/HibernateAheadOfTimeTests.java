package io.github.azureredis.jcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.github.azureredis.jcache.aot.ShelfApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplicationAotProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with Spring Data JPA repositories and Hibernate's second-level cache on the starter's JCache,
 * processed ahead of time as {@code spring-boot-maven-plugin}'s {@code process-aot} does. Found as a user: Spring Data
 * JPA bootstraps Hibernate by itself for its AOT repositories, and Redisson's JCache provider, without a configuration
 * of its own, failed the build ("Default configuration hasn't been specified!").
 */
@Tag("integration")
class HibernateAheadOfTimeTests {

	@Test
	void anApplicationWithRepositoriesAndTheSecondLevelCacheIsProcessed(@TempDir Path output) throws Exception {
		SpringApplicationAotProcessor.main(new String[] { ShelfApplication.class.getName(),
				output.resolve("sources").toString(), output.resolve("resources").toString(),
				output.resolve("classes").toString(), "io.github.azureredis", "shelf", "--spring.cache.type=jcache",
				"--spring.datasource.url=jdbc:h2:mem:aot", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=1",
				"--spring.jpa.properties.hibernate.cache.use_second_level_cache=true" });
		assertThat(generated(output.resolve("sources"))).as("Spring Data JPA's repository, generated ahead of time")
			.contains("io/github/azureredis/jcache/aot/ShelvesImpl__AotRepository.java");
	}

	private static List<String> generated(Path sources) throws IOException {
		try (Stream<Path> files = Files.walk(sources)) {
			return files.filter(Files::isRegularFile).map((file) -> sources.relativize(file).toString()).toList();
		}
	}

}
