package io.github.azureredis.connection;

/**
 * A connection setting that cannot work, with the property to fix.
 *
 * @author Azure Redis Cache contributors
 */
public class InvalidRedisConnectionException extends IllegalStateException {

	private final String property;

	private final String reason;

	/**
	 * Creates an exception.
	 * @param property the configuration property to fix
	 * @param reason what is wrong with it
	 */
	public InvalidRedisConnectionException(String property, String reason) {
		super("Invalid Redis connection setting '" + property + "': " + reason);
		this.property = property;
		this.reason = reason;
	}

	/** @return the configuration property to fix */
	public String getProperty() {
		return this.property;
	}

	/** @return what is wrong */
	public String getReason() {
		return this.reason;
	}

}
