package io.github.azureredis.checks;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks of property values that Spring Boot's binding does not make, failing start-up with Spring Boot's own report
 * of an invalid property, which names it, where it was set and why. Spring Boot validates
 * {@code @ConfigurationProperties} with {@code @Validated} only through a Bean Validation provider, which the
 * starter does not bring (nor do most applications that cache), and the rules here span properties of several groups
 * ({@code spring.cache.*} and {@code azure.redis.cache.*}, a time-to-live and a max-idle) or depend on other settings.
 *
 * @author Azure Redis Cache contributors
 */
public final class PropertyChecks {

	private PropertyChecks() {
	}

	/**
	 * Fails unless a condition holds.
	 * @param condition the condition
	 * @param property the property to fix
	 * @param value its value, or {@code null} to let Spring Boot's report show the value of each property source
	 * @param reason why the value is refused and what to do
	 * @throws InvalidConfigurationPropertyValueException if the condition does not hold
	 */
	public static void require(boolean condition, String property, @Nullable Object value, String reason) {
		if (!condition) {
			throw new InvalidConfigurationPropertyValueException(property, value, reason);
		}
	}

}
