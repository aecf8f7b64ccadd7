package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RefreshScheduleTests {

	private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	private static final Instant VALID = NOW.plus(Duration.ofHours(1));

	private final RefreshSchedule schedule = new RefreshSchedule(new TokenProperties());

	@Test
	void oneHourTokenRefreshesAtThreeQuarters() {
		assertThat(refreshAfter(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(45));
	}

	@Test
	void managedIdentityDayLongTokenRefreshesAtThreeQuarters() {
		assertThat(refreshAfter(Duration.ofHours(24))).isEqualTo(Duration.ofHours(18));
	}

	@Test
	void tenMinuteTokenRefreshesFiveMinutesBeforeExpiry() {
		assertThat(refreshAfter(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void tokenShorterThanTheMarginRefreshesAtThreeQuarters() {
		assertThat(refreshAfter(Duration.ofMinutes(4))).isEqualTo(Duration.ofMinutes(3));
		assertThat(refreshAfter(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(7500));
	}

	@Test
	void veryShortTokensNeverRefreshMoreThanOnceASecond() {
		assertThat(refreshAfter(Duration.ofMillis(800))).isEqualTo(RefreshSchedule.MINIMUM_DELAY);
		assertThat(refreshAfter(Duration.ZERO)).isEqualTo(RefreshSchedule.MINIMUM_DELAY);
	}

	@Test
	void earlierRefreshHintOfTheIdentityProviderWins() {
		Duration delay = this.schedule.afterRefresh(NOW, NOW.plus(Duration.ofHours(24)), NOW.plus(Duration.ofHours(12)));
		assertThat(delay).isEqualTo(Duration.ofHours(12));
	}

	@Test
	void unchangedTokenIsAskedForAgainWithinBounds() {
		assertThat(this.schedule.whenUnchanged(NOW, NOW.plus(Duration.ofMinutes(15)))).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.schedule.whenUnchanged(NOW, NOW.plus(Duration.ofSeconds(50)))).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.schedule.whenUnchanged(NOW, NOW.plus(Duration.ofSeconds(2)))).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void failuresWhileTheTokenIsValidBackOffExponentiallyWithJitterUpToTheMaximum() {
		assertThat(afterFailure(1, 0.0, VALID)).isEqualTo(Duration.ofSeconds(1));
		assertThat(afterFailure(1, 0.999, VALID)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
		assertThat(afterFailure(2, 0.0, VALID)).isEqualTo(Duration.ofSeconds(1));
		assertThat(afterFailure(3, 0.5, VALID)).isEqualTo(Duration.ofSeconds(3));
		assertThat(afterFailure(6, 0.0, VALID)).isEqualTo(Duration.ofSeconds(15));
		assertThat(afterFailure(50, 0.999, VALID)).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
	}

	@Test
	void failuresRetryBeforeTheHeldTokenExpires() {
		assertThat(afterFailure(10, 0.9, NOW.plus(Duration.ofSeconds(8)))).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void onceTheTokenHasExpiredFailuresRetryAtTheJitteredRecoveryInterval() {
		Instant expired = NOW.minusSeconds(3);
		for (int failures : new int[] { 1, 5, 50 }) {
			assertThat(afterFailure(failures, 0.0, expired)).isEqualTo(Duration.ofMillis(500));
			assertThat(afterFailure(failures, 0.5, expired)).isEqualTo(Duration.ofSeconds(1));
			assertThat(afterFailure(failures, 0.999, expired)).isBetween(Duration.ofMillis(1498), Duration.ofMillis(1500));
		}
		assertThat(afterFailure(7, 0.5, null)).as("no token held").isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aTokenExpiringWithinTheRecoveryIntervalCountsAsExpired() {
		assertThat(this.schedule.recovering(NOW, NOW.plusMillis(999))).isTrue();
		assertThat(this.schedule.recovering(NOW, NOW.plusMillis(1000))).isTrue();
		assertThat(this.schedule.recovering(NOW, NOW.plusMillis(1001))).isFalse();
		assertThat(afterFailure(20, 0.0, NOW.plusMillis(800))).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void recoveryIntervalIsConfigurable() {
		TokenProperties properties = new TokenProperties();
		properties.setRecoveryInterval(Duration.ofSeconds(4));
		RefreshSchedule schedule = new RefreshSchedule(properties);
		assertThat(schedule.afterFailure(9, 0.0, NOW, null, Throttling.NONE)).isEqualTo(Duration.ofSeconds(2));
		assertThat(schedule.afterFailure(9, 0.999, NOW, null, Throttling.NONE))
			.isBetween(Duration.ofMillis(5990), Duration.ofSeconds(6));
	}

	@Test
	void retryAfterIsObeyedWhateverTheTokenState() {
		Throttling retryAfter = new Throttling(true, Duration.ofSeconds(7));
		for (Instant expiresAt : new Instant[] { null, NOW.minusSeconds(1), VALID }) {
			assertThat(this.schedule.afterFailure(1, 0.0, NOW, expiresAt, retryAfter)).isEqualTo(Duration.ofSeconds(7));
			assertThat(this.schedule.afterFailure(1, 0.999, NOW, expiresAt, retryAfter))
				.isBetween(Duration.ofMillis(7690), Duration.ofMillis(7700));
		}
	}

	@Test
	void retryAfterIsObeyedUpToFiveMinutes() {
		Throttling retryAfter = new Throttling(true, Duration.ofHours(3));
		assertThat(this.schedule.afterFailure(1, 0.0, NOW, null, retryAfter)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void throttlingWithoutRetryAfterBacksOffExponentiallyEvenAfterExpiry() {
		Throttling throttled = new Throttling(true, null);
		assertThat(this.schedule.afterFailure(1, 0.0, NOW, null, throttled)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.schedule.afterFailure(4, 0.0, NOW, null, throttled)).isEqualTo(Duration.ofSeconds(4));
		assertThat(this.schedule.afterFailure(30, 0.0, NOW, null, throttled)).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void recoveryIntervalBelowOneTenthOfASecondNamesTheProperty() {
		TokenProperties properties = new TokenProperties();
		properties.setRecoveryInterval(Duration.ofMillis(10));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new RefreshSchedule(properties))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("azure.redis.token.recovery-interval"));
	}

	@Test
	void ratioOutOfRangeNamesTheProperty() {
		TokenProperties properties = new TokenProperties();
		properties.setRefreshRatio(1.5);
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new RefreshSchedule(properties))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("azure.redis.token.refresh-ratio"));
	}

	@Test
	void maxBackoffShorterThanInitialNamesTheProperty() {
		TokenProperties properties = new TokenProperties();
		properties.setRetryMaxBackoff(Duration.ofMillis(100));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new RefreshSchedule(properties))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("azure.redis.token.retry-max-backoff"));
	}

	private Duration afterFailure(int failures, double random, Instant heldTokenExpiresAt) {
		return this.schedule.afterFailure(failures, random, NOW, heldTokenExpiresAt, Throttling.NONE);
	}

	private Duration refreshAfter(Duration lifetime) {
		return this.schedule.afterRefresh(NOW, NOW.plus(lifetime), null);
	}

}
