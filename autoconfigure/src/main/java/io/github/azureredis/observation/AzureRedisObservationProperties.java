package io.github.azureredis.observation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Observations of the starter.
 *
 * @author Azure Redis Cache contributors
 */
@ConfigurationProperties("azure.redis.observations")
public class AzureRedisObservationProperties {

	/**
	 * Whether to observe cache operations (and, with azure.redis.observations.commands, the Redis commands they
	 * send), token requests and re-authentications when the application has an ObservationRegistry (Spring Boot
	 * Actuator defines one).
	 */
	private boolean enabled = true;

	/**
	 * Whether each Redis command a cache operation sends is observed too, as a child of the operation's observation
	 * (a span per command with tracing, and the azure.redis.commands timer). Off, a cache operation is a single
	 * observation.
	 */
	private boolean commands;

	public boolean isCommands() {
		return this.commands;
	}

	public void setCommands(boolean commands) {
		this.commands = commands;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
