package io.github.azureredis;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.classreading.MetadataReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configurations as Spring Boot finds them: every {@code @AutoConfiguration} class of the starter is listed
 * in {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}, as the application's
 * class loader reads it, and nothing else of the starter is. A class left out of the file would work in tests that
 * list it by hand and be absent from every application ({@code AutoConfiguredApplicationTests} starts one).
 */
class RegisteredAutoConfigurationsTests {

	private static final String BASE = "io.github.azureredis";

	@Test
	void everyAutoConfigurationOfTheStarterIsRegistered() {
		assertThat(registered()).isEqualTo(declared());
	}

	/** @return the starter's auto-configurations as Spring Boot loads them for an application */
	static Set<String> registered() {
		List<String> candidates = ImportCandidates
			.load(AutoConfiguration.class, RegisteredAutoConfigurationsTests.class.getClassLoader())
			.getCandidates();
		return candidates.stream()
			.filter((name) -> name.startsWith(BASE + "."))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/** @return the classes of the starter annotated {@code @AutoConfiguration} */
	static Set<String> declared() {
		// Conditions not evaluated: the scanner would skip a class whose condition does not match here.
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(MetadataReader reader) {
				return reader.getAnnotationMetadata().hasAnnotation(AutoConfiguration.class.getName());
			}
		};
		Set<String> declared = new TreeSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents(BASE)) {
			declared.add(candidate.getBeanClassName());
		}
		assertThat(declared).as("auto-configurations found").hasSizeGreaterThan(10);
		return declared;
	}

}
