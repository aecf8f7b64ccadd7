package io.github.azureredis.credentials;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When and how the Microsoft Entra ID access token for Redis is requested and refreshed.
 *
 * @author Azure Redis Cache contributors
 */
@ConfigurationProperties("azure.redis.token")
public class TokenProperties {

	/**
	 * Scope of the access token. Sovereign clouds use their own Redis resource.
	 */
	private String scope = "https://redis.azure.com/.default";

	/**
	 * Fraction of a token's lifetime after which a new token is requested (0 to 1, exclusive).
	 */
	private double refreshRatio = 0.75;

	/**
	 * Time before expiry by which a new token is requested at the latest, when the token lives longer than that.
	 * Azure asks clients to re-authenticate at least 3 minutes before expiry.
	 */
	private Duration refreshBeforeExpiry = Duration.ofMinutes(5);

	/**
	 * Longest wait for one token request. A slower answer counts as a failed attempt.
	 */
	private Duration requestTimeout = Duration.ofSeconds(30);

	/**
	 * Delay before retrying a failed token request while the held token is still valid. It doubles, with jitter, on
	 * every further failure.
	 */
	private Duration retryInitialBackoff = Duration.ofSeconds(1);

	/**
	 * Longest delay between two attempts while the held token is still valid. Retries never stop while the
	 * application runs.
	 */
	private Duration retryMaxBackoff = Duration.ofSeconds(30);

	/**
	 * Mean delay between token requests once the held token has expired (or expires within this delay) and
	 * requests fail, instead of the backoff: Redis connections cannot authenticate then, so the identity provider is
	 * asked again soon. Each delay is drawn between half and one and a half times this, so that a fleet's instances
	 * spread their requests. Retry-After and HTTP 429 answers are obeyed instead.
	 */
	private Duration recoveryInterval = Duration.ofSeconds(1);

	public String getScope() {
		return this.scope;
	}

	public void setScope(String scope) {
		this.scope = scope;
	}

	public double getRefreshRatio() {
		return this.refreshRatio;
	}

	public void setRefreshRatio(double refreshRatio) {
		this.refreshRatio = refreshRatio;
	}

	public Duration getRefreshBeforeExpiry() {
		return this.refreshBeforeExpiry;
	}

	public void setRefreshBeforeExpiry(Duration refreshBeforeExpiry) {
		this.refreshBeforeExpiry = refreshBeforeExpiry;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getRetryInitialBackoff() {
		return this.retryInitialBackoff;
	}

	public void setRetryInitialBackoff(Duration retryInitialBackoff) {
		this.retryInitialBackoff = retryInitialBackoff;
	}

	public Duration getRetryMaxBackoff() {
		return this.retryMaxBackoff;
	}

	public void setRetryMaxBackoff(Duration retryMaxBackoff) {
		this.retryMaxBackoff = retryMaxBackoff;
	}

	public Duration getRecoveryInterval() {
		return this.recoveryInterval;
	}

	public void setRecoveryInterval(Duration recoveryInterval) {
		this.recoveryInterval = recoveryInterval;
	}

}
