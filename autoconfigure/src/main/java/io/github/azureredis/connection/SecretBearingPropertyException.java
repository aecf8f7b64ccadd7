package io.github.azureredis.connection;

/**
 * A configuration property holds a value that is wrong and may carry a secret, such as a URL with a password given
 * as the host name. Unlike Spring Boot's {@code InvalidConfigurationPropertyValueException}, whose failure report
 * prints the value, it names only the property.
 *
 * @author Azure Redis Cache contributors
 */
final class SecretBearingPropertyException extends RuntimeException {

	private final String property;

	private final String reason;

	SecretBearingPropertyException(String property, String reason) {
		super("Invalid value for configuration property '" + property + "' (not shown: it may hold a password). "
				+ reason);
		this.property = property;
		this.reason = reason;
	}

	String property() {
		return this.property;
	}

	String reason() {
		return this.reason;
	}

}
