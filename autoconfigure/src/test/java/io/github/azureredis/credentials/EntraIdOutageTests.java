package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.azureredis.health.EntraIdHealthIndicator;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.Secrets;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.LogLevels;
import io.github.azureredis.testsupport.Load;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outages of the token endpoint, under load, with the default retry settings: shorter than the token's remaining
 * life (nothing fails, no connection is closed), and longer than the token's life (health goes DOWN with the
 * diagnosis, the endpoint is asked about once a second, and calls succeed again within 2 s of its return plus the
 * client's reconnection delay).
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class EntraIdOutageTests {

	/** The first token after the endpoint returns comes within 1.5 times the recovery interval (1 s). */
	private static final Duration FIRST_TOKEN_WITHIN = Duration.ofMillis(1500);

	/** Redisson reconnects a lost connection after at most azure.redis.client.reconnection-max-delay (2 s). */
	private static final Duration RECONNECTION = Duration.ofSeconds(2);

	@Test
	void outageShorterThanTheTokensRemainingLifeFailsNoCall(CapturedOutput output) {
		// 12 s tokens refreshed at half-life: the outage covers the refresh point and ends 2 s before expiry.
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofSeconds(12))) {
			azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("azure.redis.token.refresh-ratio=0.5")
				.run((context) -> {
					BookService books = context.getBean(BookService.class);
					EntraIdTokenManager manager = context.getBean(EntraIdTokenManager.class);
					Instant firstTokenIssued = azure.credential().issuedTokens().get(0).issuedAt();
					try (Load load = Load.start(8, (thread, i) -> books.find("isbn-" + (i % 200)))) {
						sleepUntil(firstTokenIssued.plusSeconds(5));
						azure.credential().failRequests();
						sleepUntil(firstTokenIssued.plusSeconds(9));
						assertThat(manager.failureCount()).as("refresh attempts failed during the outage").isPositive();
						assertThat(context.getBean(EntraIdHealthIndicator.class).health(true).getStatus())
							.isEqualTo(Status.UP);
						azure.credential().recover();
						sleepUntil(firstTokenIssued.plusSeconds(14));
						Load.Result result = load.stop();
						assertThat(result.failureCount()).as("failed calls: %s", result).isZero();
					}
					assertThat(azure.redis().closedForExpiry()).isZero();
					assertThat(azure.credential().issuedTokens()).hasSizeGreaterThanOrEqualTo(2);
				});
			Secrets.assertNoTokenIn(output.getAll(), azure.credential());
		}
	}

	@Test
	void outageLongerThanTheTokensLifeRecoversWithinTwoSecondsOfTheEndpointsReturn(CapturedOutput output) {
		// The scenario: 8 s tokens, 8 threads, the endpoint refuses every request for 15 s from 5 s on.
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofSeconds(8));
				LogLevels debug = LogLevels.debug("io.github.azureredis", "org.redisson.client",
						"org.redisson.connection")) {
			azure.runner().withUserConfiguration(CachingConfiguration.class).run((context) -> {
				BookService books = context.getBean(BookService.class);
				EntraIdHealthIndicator health = context.getBean(EntraIdHealthIndicator.class);
				Instant issued = azure.credential().issuedTokens().get(0).issuedAt();
				Instant expiry = azure.credential().issuedTokens().get(0).expiresAt();
				try (Load load = Load.start(8, (thread, i) -> books.find("isbn-" + (i % 200)))) {
					sleepUntil(issued.plusSeconds(5));
					Instant outageStart = Instant.now();
					azure.credential().failRequests();
					sleepUntil(expiry.plusSeconds(2));
					Health down = health.health(true);
					assertThat(down.getStatus()).isEqualTo(Status.DOWN);
					assertThat(down.getDetails()).containsKeys("lastError", "credentialsTried", "action");
					assertThat(String.valueOf(down.getDetails().get("credentialsTried"))).contains("simulated outage");
					assertThat(azure.redis().closedForExpiry()).as("the server cut the expired connections").isPositive();
					sleepUntil(issued.plusSeconds(20));

					Instant returned = Instant.now();
					azure.credential().recover();
					await().atMost(FIRST_TOKEN_WITHIN.plusSeconds(1)).until(() -> health.health(true).getStatus() == Status.UP);
					Instant healthy = Instant.now();
					Load.sleep(Duration.ofSeconds(4));
					Load.Result result = load.stop();

					Load.Failure last = result.lastFailure();
					assertThat(last).as("calls failed while the token was expired").isNotNull();
					Duration lastFailure = Duration.between(returned, last.at());
					assertThat(lastFailure).as("last failure after the endpoint returned (%s)", last.error())
						.isLessThan(Duration.ofSeconds(2).plus(RECONNECTION));
					assertThat(result.failuresAfter(healthy.plus(RECONNECTION))).isZero();

					List<Instant> requests = azure.credential().requestTimes();
					long whileValid = count(requests, outageStart, expiry);
					long whileExpired = count(requests, expiry, returned);
					double expiredSeconds = Duration.between(expiry, returned).toMillis() / 1000.0;
					assertThat(whileExpired).as("requests while expired: at most 2 per second (delays of 0.5 to 1.5 s)")
						.isLessThanOrEqualTo((long) (expiredSeconds * 2) + 1)
						.isGreaterThanOrEqualTo((long) (expiredSeconds / 1.5) - 1);
					assertThat(whileValid).as("requests while valid: the backoff").isLessThanOrEqualTo(4);
					Duration firstToken = Duration.between(returned,
							azure.credential().issuedTokens().get(1).issuedAt());
					assertThat(firstToken).isLessThanOrEqualTo(FIRST_TOKEN_WITHIN.plusMillis(200));
					System.out.printf("Outage of 15 s with 8 s tokens: %s; first token %d ms, health UP %d ms, last "
							+ "failure %d ms after the endpoint returned; token requests: %d while valid, %d in %.1f s "
							+ "expired (%.2f/s); %d connections closed for expiry%n", result, firstToken.toMillis(),
							Duration.between(returned, healthy).toMillis(), lastFailure.toMillis(), whileValid,
							whileExpired, expiredSeconds, whileExpired / expiredSeconds, azure.redis().closedForExpiry());
				}
				books.find("after-recovery");
			});
			Secrets.assertNoTokenIn(output.getAll(), azure.credential());
		}
	}

	private static long count(List<Instant> requests, Instant from, Instant to) {
		return requests.stream().filter((at) -> !at.isBefore(from) && at.isBefore(to)).count();
	}

	private static void sleepUntil(Instant instant) {
		Duration remaining = Duration.between(Instant.now(), instant);
		if (!remaining.isNegative()) {
			Load.sleep(remaining);
		}
	}

}
