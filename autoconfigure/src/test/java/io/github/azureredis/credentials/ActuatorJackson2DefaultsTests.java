package io.github.azureredis.credentials;

import java.util.Map;
import java.util.Set;

import io.github.azureredis.support.RegisteredEnvironmentPostProcessors;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator's isolated Jackson 2 mapper is off by default unless the application uses Jackson 2 through Spring Boot.
 */
class ActuatorJackson2DefaultsTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void actuatorWithoutJackson2SupportGetsNoIsolatedJackson2Mapper() {
		postProcess(Set.of(ActuatorJackson2Defaults.ENDPOINT_JACKSON2));
		assertThat(this.environment.getProperty(ActuatorJackson2Defaults.PROPERTY)).isEqualTo("false");
	}

	@Test
	void applicationSettingWins() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of(ActuatorJackson2Defaults.PROPERTY, "true")));
		postProcess(Set.of(ActuatorJackson2Defaults.ENDPOINT_JACKSON2));
		assertThat(this.environment.getProperty(ActuatorJackson2Defaults.PROPERTY)).isEqualTo("true");
	}

	@Test
	void applicationOnSpringBootsJackson2SupportKeepsSpringBootsDefault() {
		postProcess(Set.of(ActuatorJackson2Defaults.ENDPOINT_JACKSON2, ActuatorJackson2Defaults.BOOT_JACKSON2));
		assertThat(this.environment.containsProperty(ActuatorJackson2Defaults.PROPERTY)).isFalse();
	}

	@Test
	void applicationPreferringJackson2ConvertersKeepsSpringBootsDefault() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of(ActuatorJackson2Defaults.PREFERRED_JSON_MAPPER, "jackson2")));
		postProcess(Set.of(ActuatorJackson2Defaults.ENDPOINT_JACKSON2));
		assertThat(this.environment.containsProperty(ActuatorJackson2Defaults.PROPERTY)).isFalse();
	}

	@Test
	void withoutActuatorNothingIsSet() {
		postProcess(Set.of());
		assertThat(this.environment.containsProperty(ActuatorJackson2Defaults.PROPERTY)).isFalse();
	}

	@Test
	void registeredForSpringBoot() {
		assertThat(RegisteredEnvironmentPostProcessors.load())
			.hasAtLeastOneElementOfType(ActuatorJackson2Defaults.class);
	}

	private void postProcess(Set<String> presentClasses) {
		new ActuatorJackson2Defaults(presentClasses::contains).postProcessEnvironment(this.environment,
				new SpringApplication());
	}

}
