package io.github.azureredis.support;

import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/**
 * The environment post-processors Spring Boot finds in {@code META-INF/spring.factories}, for the tests that check
 * the starter's are registered.
 */
public final class RegisteredEnvironmentPostProcessors {

	private RegisteredEnvironmentPostProcessors() {
	}

	/** @return those this loader can create (the starter's among them) */
	public static List<EnvironmentPostProcessor> load() {
		// Spring Boot's own post-processors need constructor arguments this loader does not give: skip them.
		FailureHandler skip = FailureHandler.handleMessage((message, failure) -> {
		});
		return SpringFactoriesLoader.forDefaultResourceLocation().load(EnvironmentPostProcessor.class, null, skip);
	}

}
