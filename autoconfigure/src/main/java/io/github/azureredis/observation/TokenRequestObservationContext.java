package io.github.azureredis.observation;

import java.util.Locale;

import io.micrometer.observation.Observation;

/**
 * What is known of a Microsoft Entra ID token request for its observation. Never the token.
 *
 * @author Azure Redis Cache contributors
 */
public class TokenRequestObservationContext extends Observation.Context {

	private Result result = Result.FAILED;

	/** @return the outcome, known once the request has completed */
	public Result getResult() {
		return this.result;
	}

	/**
	 * Sets the outcome.
	 * @param result the outcome
	 */
	public void setResult(Result result) {
		this.result = result;
	}

	/**
	 * Outcomes of a token request.
	 */
	public enum Result {

		/** A new token is in use. */
		REFRESHED,

		/** The credential returned the token already in use (its own cache was not renewed yet). */
		UNCHANGED,

		/** No token was obtained; the previous one stays in use while it is valid. */
		FAILED;

		/** @return the tag value */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
