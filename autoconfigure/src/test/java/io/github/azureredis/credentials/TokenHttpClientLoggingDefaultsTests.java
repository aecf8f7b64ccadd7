package io.github.azureredis.credentials;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK HTTP client's warning about restricted headers is quiet unless the application asks for it.
 */
class TokenHttpClientLoggingDefaultsTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void jdkHttpClientWarningsAreQuietByDefault() {
		new TokenHttpClientLoggingDefaults().postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty(TokenHttpClientLoggingDefaults.PROPERTY)).isEqualTo("error");
	}

	@Test
	void applicationSettingWins() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of(TokenHttpClientLoggingDefaults.PROPERTY, "debug")));
		new TokenHttpClientLoggingDefaults().postProcessEnvironment(this.environment, new SpringApplication());
		assertThat(this.environment.getProperty(TokenHttpClientLoggingDefaults.PROPERTY)).isEqualTo("debug");
	}

	@Test
	void registeredForSpringBoot() {
		// Spring Boot's own post-processors need constructor arguments this loader does not give: skip them.
		FailureHandler skip = FailureHandler.handleMessage((message, failure) -> {
		});
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(EnvironmentPostProcessor.class, null, skip))
			.hasAtLeastOneElementOfType(TokenHttpClientLoggingDefaults.class);
	}

}
