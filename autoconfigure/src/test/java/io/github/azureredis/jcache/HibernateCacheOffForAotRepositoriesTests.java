package io.github.azureredis.jcache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.github.azureredis.support.RegisteredEnvironmentPostProcessors;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate's caches are off for Spring Data JPA's AOT repository processing only, whichever way the properties are
 * read ({@code HibernateAheadOfTimeTests} holds the build itself).
 */
class HibernateCacheOffForAotRepositoriesTests {

	private static final String SECOND_LEVEL = "spring.jpa.properties.hibernate.cache.use_second_level_cache";

	private static final String QUERY = "spring.jpa.properties.hibernate.cache.use_query_cache";

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void duringAotProcessingTheCachesAreOffEvenWhereTheApplicationTurnsThemOn() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("processing", Map.of(AbstractAotProcessor.AOT_PROCESSING, "true")));
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.properties", Map.of(SECOND_LEVEL, "true", QUERY, "true")));
		postProcess(Set.of(HibernateCacheOffForAotRepositories.HIBERNATE_JCACHE));
		assertThat(this.environment.getProperty(SECOND_LEVEL)).isEqualTo("false");
		assertThat(this.environment.getProperty(QUERY)).isEqualTo("false");
		assertThat(mergedAsSpringDataJpa()).containsEntry("hibernate.cache.use_second_level_cache", "false")
			.containsEntry("hibernate.cache.use_query_cache", "false");
	}

	@Test
	void atRunTimeTheApplicationsSettingsStand() {
		this.environment.getPropertySources()
			.addLast(new MapPropertySource("application.properties", Map.of(SECOND_LEVEL, "true")));
		postProcess(Set.of(HibernateCacheOffForAotRepositories.HIBERNATE_JCACHE));
		assertThat(this.environment.getProperty(SECOND_LEVEL)).isEqualTo("true");
		assertThat(this.environment.containsProperty(QUERY)).isFalse();
	}

	@Test
	void withoutHibernateJCacheNothingIsSet() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("processing", Map.of(AbstractAotProcessor.AOT_PROCESSING, "true")));
		postProcess(Set.of());
		assertThat(this.environment.containsProperty(SECOND_LEVEL)).isFalse();
	}

	@Test
	void registeredForSpringBoot() {
		assertThat(RegisteredEnvironmentPostProcessors.load())
			.hasAtLeastOneElementOfType(HibernateCacheOffForAotRepositories.class);
	}

	private void postProcess(Set<String> presentClasses) {
		new HibernateCacheOffForAotRepositories(presentClasses::contains).postProcessEnvironment(this.environment,
				new SpringApplication());
	}

	/** As Spring Data JPA 4.1's AOT repository processing reads them: every source in turn, each overwriting. */
	private Map<String, Object> mergedAsSpringDataJpa() {
		Map<String, Object> merged = new LinkedHashMap<>();
		this.environment.getPropertySources().forEach((source) -> {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				Stream.of(enumerable.getPropertyNames())
					.filter((name) -> name.startsWith("spring.jpa.properties."))
					.forEach((name) -> merged.put(name.substring("spring.jpa.properties.".length()),
							enumerable.getProperty(name)));
			}
		});
		return merged;
	}

}
