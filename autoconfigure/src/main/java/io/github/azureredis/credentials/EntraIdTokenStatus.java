package io.github.azureredis.credentials;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of the token lifecycle, for health checks and listeners. Holds no token text and no secret.
 *
 * @param objectId the user name Redis sees: the identity's object id
 * @param obtainedAt when the current token was obtained
 * @param expiresAt when the current token expires
 * @param nextRefreshAt when the next token request is scheduled
 * @param consecutiveFailures failed requests since the last success
 * @param lastError the last failure, or {@code null} if the last request succeeded
 * @param lastErrorAt when the last failure happened
 * @param refreshes tokens obtained since start-up, the first one included
 * @param failures failed token requests since start-up
 * @param lastFailure the last failure, with the credentials tried and what to do, or {@code null} if the last
 * request succeeded
 * @author Azure Redis Cache contributors
 */
public record EntraIdTokenStatus(String objectId, Instant obtainedAt, Instant expiresAt,
		@Nullable Instant nextRefreshAt, int consecutiveFailures, @Nullable String lastError,
		@Nullable Instant lastErrorAt, long refreshes, long failures,
		@Nullable EntraIdAuthenticationException lastFailure) {

	/**
	 * Whether the current token has expired at the given time.
	 * @param now the time
	 * @return {@code true} once the token can no longer authenticate
	 */
	public boolean isExpiredAt(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

}
