package io.github.azureredis.credentials;

import java.util.Map;

import io.github.azureredis.support.RegisteredEnvironmentPostProcessors;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

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
		assertThat(RegisteredEnvironmentPostProcessors.load())
			.hasAtLeastOneElementOfType(TokenHttpClientLoggingDefaults.class);
	}

}
