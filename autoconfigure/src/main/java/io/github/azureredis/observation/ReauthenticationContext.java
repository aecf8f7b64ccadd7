package io.github.azureredis.observation;

import io.micrometer.observation.Observation;

/**
 * What is known of the re-authentication of open connections with a new token, for its observation.
 *
 * @author Azure Redis Cache contributors
 */
public class ReauthenticationContext extends Observation.Context {

	private int connections;

	/** @return how many open connections were sent the new token */
	public int getConnections() {
		return this.connections;
	}

	/**
	 * Sets how many open connections were sent the new token.
	 * @param connections the count
	 */
	public void setConnections(int connections) {
		this.connections = connections;
	}

}
