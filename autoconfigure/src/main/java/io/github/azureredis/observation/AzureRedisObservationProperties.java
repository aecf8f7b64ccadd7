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
	 * Whether to observe cache operations, the Redis commands they send, token requests and re-authentications
	 * when the application has an ObservationRegistry (Spring Boot Actuator defines one).
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
