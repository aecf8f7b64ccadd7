package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * When to ask for the next token: after a refresh, when the credential handed back the token already held, and
 * after a failure. Failures are retried in one of two ways: with exponential backoff while the held token is still
 * valid, since nothing fails yet; at a steady, jittered {@code recovery-interval} once it has expired (or is about
 * to), since every new Redis connection fails until a token is obtained, so that the first request after the
 * identity provider's return comes soon. An identity provider that throttles ({@code Retry-After}, HTTP 429) is
 * obeyed in both. Outside recovery every delay is at least {@link #MINIMUM_DELAY}, so no token lifetime, however
 * short, makes the refresher busy-loop on the token endpoint.
 * <p>
 * The libraries' backoffs do not fit: azure-identity's retry options and azure-core's {@code ExponentialBackoff}
 * retry within one request, and Redisson's {@code EqualJitterDelay}, the same arithmetic, draws its jitter where a
 * test cannot hold it still; none knows when the held token expires or what {@code Retry-After} said. The identity
 * provider's own refresh time ({@code AccessToken#getRefreshAt()}) is followed when it comes first.
 *
 * @author Azure Redis Cache contributors
 */
final class RefreshSchedule {

	/** The shortest delay between two token requests. */
	static final Duration MINIMUM_DELAY = Duration.ofSeconds(1);

	/** The shortest recovery interval accepted: below it a fleet of instances would flood the identity provider. */
	static final Duration MINIMUM_RECOVERY_INTERVAL = Duration.ofMillis(100);

	/** The longest wait before asking again for a token that the credential's own cache keeps returning. */
	static final Duration MAXIMUM_UNCHANGED_DELAY = Duration.ofSeconds(30);

	/**
	 * The longest {@code Retry-After} obeyed: a larger value (a misconfigured proxy, a date far ahead) would leave
	 * Redis unreachable for longer than any throttling calls for.
	 */
	static final Duration MAXIMUM_RETRY_AFTER = Duration.ofMinutes(5);

	private final double ratio;

	private final Duration beforeExpiry;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration recoveryInterval;

	RefreshSchedule(TokenProperties properties) {
		require(properties.getRefreshRatio() > 0 && properties.getRefreshRatio() < 1, "azure.redis.token.refresh-ratio",
				properties.getRefreshRatio(), "Must be greater than 0 and less than 1.");
		requirePositive(properties.getRefreshBeforeExpiry(), "azure.redis.token.refresh-before-expiry");
		requirePositive(properties.getRequestTimeout(), "azure.redis.token.request-timeout");
		requirePositive(properties.getRetryInitialBackoff(), "azure.redis.token.retry-initial-backoff");
		require(properties.getRetryMaxBackoff().compareTo(properties.getRetryInitialBackoff()) >= 0,
				"azure.redis.token.retry-max-backoff", properties.getRetryMaxBackoff(),
				"Must not be shorter than azure.redis.token.retry-initial-backoff.");
		require(properties.getRecoveryInterval().compareTo(MINIMUM_RECOVERY_INTERVAL) >= 0,
				"azure.redis.token.recovery-interval", properties.getRecoveryInterval(),
				"Must be at least " + MINIMUM_RECOVERY_INTERVAL.toMillis() + "ms.");
		this.ratio = properties.getRefreshRatio();
		this.beforeExpiry = properties.getRefreshBeforeExpiry();
		this.initialBackoff = properties.getRetryInitialBackoff();
		this.maxBackoff = properties.getRetryMaxBackoff();
		this.recoveryInterval = properties.getRecoveryInterval();
	}

	/**
	 * The delay until the next refresh of a token just obtained: at the refresh ratio of its lifetime, or at
	 * {@code refresh-before-expiry} before expiry when that comes first and the lifetime allows it, or at the
	 * credential's own refresh hint when that comes first.
	 * @param now the current time
	 * @param expiresAt when the token expires
	 * @param refreshHint when the identity provider suggests refreshing, if it said
	 * @return the delay
	 */
	Duration afterRefresh(Instant now, Instant expiresAt, @Nullable Instant refreshHint) {
		Duration lifetime = Duration.between(now, expiresAt);
		Duration delay = scale(lifetime, this.ratio);
		Duration beforeMargin = lifetime.minus(this.beforeExpiry);
		if (!beforeMargin.isNegative() && !beforeMargin.isZero() && beforeMargin.compareTo(delay) < 0) {
			delay = beforeMargin;
		}
		if (refreshHint != null && refreshHint.isAfter(now)) {
			Duration hinted = Duration.between(now, refreshHint);
			if (hinted.compareTo(delay) < 0) {
				delay = hinted;
			}
		}
		return atLeastMinimum(delay);
	}

	/**
	 * The delay before asking again when the credential returned the token already held (its cache has not
	 * renewed it yet): a tenth of the remaining lifetime, between {@link #MINIMUM_DELAY} and
	 * {@link #MAXIMUM_UNCHANGED_DELAY}.
	 * @param now the current time
	 * @param expiresAt when the held token expires
	 * @return the delay
	 */
	Duration whenUnchanged(Instant now, Instant expiresAt) {
		Duration tenth = Duration.between(now, expiresAt).dividedBy(10);
		return atLeastMinimum((tenth.compareTo(MAXIMUM_UNCHANGED_DELAY) > 0) ? MAXIMUM_UNCHANGED_DELAY : tenth);
	}

	/**
	 * The delay after a failed request.
	 * <ul>
	 * <li>The identity provider asked to wait ({@code Retry-After}): that long (at most
	 * {@link #MAXIMUM_RETRY_AFTER}), plus up to a tenth more of jitter.</li>
	 * <li>It throttled (HTTP 429) without saying how long, or the held token is still valid: exponential backoff with
	 * equal jitter, capped at the maximum backoff. While the held token is valid, the delay is at most half of its
	 * remaining lifetime, so that a recovering endpoint is asked again before the token expires.</li>
	 * <li>Otherwise, the token being expired or about to ({@link #recovering}): the recovery interval, drawn between
	 * half and one and a half times it.</li>
	 * </ul>
	 * @param failures consecutive failures so far (1 after the first)
	 * @param random a number in [0, 1) for the jitter
	 * @param now the current time
	 * @param heldTokenExpiresAt when the held token expires, or {@code null} if none is held
	 * @param throttling what the identity provider said about throttling
	 * @return the delay
	 */
	Duration afterFailure(int failures, double random, Instant now, @Nullable Instant heldTokenExpiresAt,
			Throttling throttling) {
		Duration retryAfter = throttling.retryAfter();
		if (retryAfter != null) {
			Duration obeyed = (retryAfter.compareTo(MAXIMUM_RETRY_AFTER) > 0) ? MAXIMUM_RETRY_AFTER : retryAfter;
			return atLeastMinimum(obeyed.plus(scale(obeyed, random / 10)));
		}
		if (!throttling.throttled() && recovering(now, heldTokenExpiresAt)) {
			return scale(this.recoveryInterval, 0.5 + random);
		}
		Duration base = this.initialBackoff.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
		if (base.compareTo(this.maxBackoff) > 0) {
			base = this.maxBackoff;
		}
		Duration half = base.dividedBy(2);
		Duration delay = half.plus(scale(half, random));
		if (heldTokenExpiresAt != null && heldTokenExpiresAt.isAfter(now)) {
			Duration halfRemaining = Duration.between(now, heldTokenExpiresAt).dividedBy(2);
			if (halfRemaining.compareTo(delay) < 0) {
				delay = halfRemaining;
			}
		}
		return atLeastMinimum(delay);
	}

	/**
	 * Whether requests are retried at the recovery interval: no token is held, or the held one expires within the
	 * recovery interval.
	 * @param now the current time
	 * @param heldTokenExpiresAt when the held token expires, or {@code null} if none is held
	 * @return {@code true} when Redis connections fail, or are about to, for want of a token
	 */
	boolean recovering(Instant now, @Nullable Instant heldTokenExpiresAt) {
		return heldTokenExpiresAt == null || !now.plus(this.recoveryInterval).isBefore(heldTokenExpiresAt);
	}

	/** @return the mean delay between requests once the held token has expired */
	Duration recoveryInterval() {
		return this.recoveryInterval;
	}

	private static Duration scale(Duration duration, double factor) {
		return Duration.ofNanos((long) (duration.toNanos() * factor));
	}

	private static Duration atLeastMinimum(Duration delay) {
		return (delay.compareTo(MINIMUM_DELAY) < 0) ? MINIMUM_DELAY : delay;
	}

	private static void requirePositive(Duration value, String property) {
		require(!value.isNegative() && !value.isZero(), property, value, "Must be positive.");
	}

	private static void require(boolean condition, String property, Object value, String reason) {
		if (!condition) {
			throw new InvalidConfigurationPropertyValueException(property, value, reason);
		}
	}

}
