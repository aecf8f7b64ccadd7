package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RefreshScheduleTests {

	private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

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
	void failuresBackOffExponentiallyWithJitterUpToTheMaximum() {
		assertThat(this.schedule.afterFailure(1, 0.0, NOW, null)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.schedule.afterFailure(1, 0.999, NOW, null)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
		assertThat(this.schedule.afterFailure(2, 0.0, NOW, null)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.schedule.afterFailure(3, 0.5, NOW, null)).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.schedule.afterFailure(6, 0.0, NOW, null)).isEqualTo(Duration.ofSeconds(15));
		assertThat(this.schedule.afterFailure(50, 0.999, NOW, null)).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
	}

	@Test
	void failuresRetryBeforeTheHeldTokenExpires() {
		Duration delay = this.schedule.afterFailure(10, 0.9, NOW, NOW.plus(Duration.ofSeconds(8)));
		assertThat(delay).isEqualTo(Duration.ofSeconds(4));
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

	private Duration refreshAfter(Duration lifetime) {
		return this.schedule.afterRefresh(NOW, NOW.plus(lifetime), null);
	}

}
