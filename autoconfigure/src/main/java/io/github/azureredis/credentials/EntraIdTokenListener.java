package io.github.azureredis.credentials;

import java.time.Duration;

/**
 * Notified of the token lifecycle, as the events of Microsoft.Azure.StackExchangeRedis are. Beans of this type are
 * registered with the token manager. Callbacks run on the refresh thread and must return quickly.
 *
 * @author Azure Redis Cache contributors
 */
public interface EntraIdTokenListener {

	/**
	 * A new token was obtained and open connections were asked to re-authenticate with it.
	 * @param status the state after the refresh
	 * @param connectionsReauthenticated how many open connections were sent a new {@code AUTH}
	 */
	default void tokenRefreshed(EntraIdTokenStatus status, int connectionsReauthenticated) {
	}

	/**
	 * A token request failed; the previous token, if still valid, stays in use.
	 * @param status the state after the failure
	 * @param error the failure, without token text
	 * @param retryIn when the next attempt is made
	 */
	default void tokenRefreshFailed(EntraIdTokenStatus status, EntraIdAuthenticationException error, Duration retryIn) {
	}

}
