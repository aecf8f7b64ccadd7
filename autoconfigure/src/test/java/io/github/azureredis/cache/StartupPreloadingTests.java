package io.github.azureredis.cache;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the classes of the client and the JSON are loaded in the background at start-up: where Spring Boot
 * preinitializes its own, and only with the starter on.
 */
class StartupPreloadingTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void isRegisteredAsAnApplicationListener() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
			.hasAtLeastOneElementOfType(StartupPreloading.class);
	}

	@Test
	void preloadsWithTheStarterOnAndTwoProcessors() {
		assertThat(StartupPreloading.applies(new MockEnvironment(), this.classLoader, 2)).isTrue();
	}

	@Test
	void notWithTheStarterOff() {
		assertThat(StartupPreloading.applies(new MockEnvironment().withProperty("azure.redis.enabled", "false"),
				this.classLoader, 2))
			.isFalse();
	}

	@Test
	void notOnOneProcessor() {
		assertThat(StartupPreloading.applies(new MockEnvironment(), this.classLoader, 1)).isFalse();
	}

	@Test
	void notWithoutRedisson() {
		assertThat(StartupPreloading.applies(new MockEnvironment(), new FilteredClassLoader("org.redisson"), 2))
			.isFalse();
	}

	@Test
	void notWhenSpringBootsPreinitializationIsTurnedOff() {
		System.setProperty(StartupPreloading.IGNORE_PROPERTY, "true");
		try {
			assertThat(StartupPreloading.applies(new MockEnvironment(), this.classLoader, 2)).isFalse();
		}
		finally {
			System.clearProperty(StartupPreloading.IGNORE_PROPERTY);
		}
	}

}
