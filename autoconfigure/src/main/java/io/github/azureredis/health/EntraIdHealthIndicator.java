package io.github.azureredis.health;

import java.time.Clock;

import io.github.azureredis.credentials.EntraIdAuthenticationException;
import io.github.azureredis.credentials.EntraIdTokenManager;
import io.github.azureredis.credentials.EntraIdTokenStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of Microsoft Entra ID authentication to Redis: UP while the token is valid (with the last refresh error,
 * if refreshing currently fails), DOWN once it has expired without a replacement. A failure is shown as the
 * start-up report shows it: the credentials tried and why each gave no token, the innermost cause and what to do.
 * Shows no token text and no secret.
 *
 * @author Azure Redis Cache contributors
 */
public class EntraIdHealthIndicator extends AbstractHealthIndicator {

	private final EntraIdTokenManager tokenManager;

	private final Clock clock;

	/**
	 * Creates an indicator.
	 * @param tokenManager the token manager
	 * @param clock the clock
	 */
	public EntraIdHealthIndicator(EntraIdTokenManager tokenManager, Clock clock) {
		super("Microsoft Entra ID health check failed");
		this.tokenManager = tokenManager;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		EntraIdTokenStatus status = this.tokenManager.status();
		if (status.isExpiredAt(this.clock.instant())) {
			builder.down();
		}
		else {
			builder.up();
		}
		builder.withDetail("objectId", status.objectId())
			.withDetail("tokenObtainedAt", status.obtainedAt().toString())
			.withDetail("tokenExpiresAt", status.expiresAt().toString());
		if (status.nextRefreshAt() != null) {
			builder.withDetail("nextRefreshAt", status.nextRefreshAt().toString());
		}
		builder.withDetail("refreshes", status.refreshes()).withDetail("failures", status.failures());
		if (status.lastError() != null) {
			builder.withDetail("consecutiveFailures", status.consecutiveFailures())
				.withDetail("lastError", status.lastError());
			if (status.lastErrorAt() != null) {
				builder.withDetail("lastErrorAt", status.lastErrorAt().toString());
			}
			EntraIdAuthenticationException failure = status.lastFailure();
			if (failure != null) {
				if (!failure.getAttempts().isEmpty()) {
					builder.withDetail("credentialsTried",
							failure.getAttempts().stream().map(Object::toString).toList());
				}
				if (failure.getInnermostCause() != null) {
					builder.withDetail("innermostCause", failure.getInnermostCause());
				}
				builder.withDetail("action", failure.getAction());
			}
		}
	}

}
