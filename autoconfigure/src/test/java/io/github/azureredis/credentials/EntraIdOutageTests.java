package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;

import io.github.azureredis.observability.EntraIdHealthIndicator;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.Secrets;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.LogLevels;
import io.github.azureredis.testsupport.Load;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outages of the token endpoint, under load: shorter than the token's remaining life (nothing fails), and past
 * its expiry (health goes DOWN, then everything recovers within one backoff step of the endpoint's return).
 */
@ExtendWith(OutputCaptureExtension.class)
class EntraIdOutageTests {

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

	@Test
	void outageShorterThanTheTokensRemainingLifeFailsNoCall(CapturedOutput output) {
		// 12 s tokens refreshed at half-life: the outage covers the refresh point and ends 2 s before expiry.
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofSeconds(12))) {
			azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("azure.redis.token.refresh-ratio=0.5",
						"azure.redis.token.retry-initial-backoff=500ms",
						"azure.redis.token.retry-max-backoff=" + MAX_BACKOFF.toMillis() + "ms")
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
	void outagePastExpiryTurnsHealthDownThenRecoversWithinOneBackoffStep(CapturedOutput output) {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofSeconds(6));
				LogLevels debug = LogLevels.debug("io.github.azureredis", "org.redisson.client",
						"org.redisson.connection")) {
			azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("azure.redis.token.retry-initial-backoff=500ms",
						"azure.redis.token.retry-max-backoff=" + MAX_BACKOFF.toMillis() + "ms")
				.run((context) -> {
					BookService books = context.getBean(BookService.class);
					EntraIdHealthIndicator health = context.getBean(EntraIdHealthIndicator.class);
					Instant expiry = azure.credential().issuedTokens().get(0).expiresAt();
					azure.credential().failRequests();
					try (Load load = Load.start(8, (thread, i) -> books.find("isbn-" + (i % 200)))) {
						sleepUntil(expiry.plusSeconds(2));
						Health down = health.health(true);
						assertThat(down.getStatus()).isEqualTo(Status.DOWN);
						assertThat(down.getDetails()).containsKey("lastError");
						assertThat(azure.redis().closedForExpiry()).as("the server cut the expired connections").isPositive();

						Instant recovered = Instant.now();
						azure.credential().recover();
						await().atMost(MAX_BACKOFF.plusSeconds(1)).until(() -> health.health(true).getStatus() == Status.UP);
						// Redisson reconnects its pool with the new token; then every call succeeds again.
						Instant healthy = Instant.now();
						Load.sleep(Duration.ofSeconds(3));
						Load.Result result = load.stop();
						// Calls waiting in Redisson's retries may outlast the outage and succeed: failures may be none.
						Load.Failure last = result.lastFailure();
						if (last != null) {
							assertThat(Duration.between(recovered, last.at()))
								.as("last failure after the endpoint returned (%s)", last.error())
								.isLessThan(MAX_BACKOFF.plusSeconds(2));
						}
						assertThat(result.failuresAfter(healthy.plusSeconds(1))).isZero();
						System.out.printf("Outage past expiry: %s; health UP %d ms after the endpoint returned%s%n",
								result, Duration.between(recovered, healthy).toMillis(), (last != null)
										? "; last failure " + Duration.between(recovered, last.at()).toMillis() + " ms after"
										: "");
					}
					books.find("after-recovery");
				});
			Secrets.assertNoTokenIn(output.getAll(), azure.credential());
		}
	}

	private static void sleepUntil(Instant instant) {
		Duration remaining = Duration.between(Instant.now(), instant);
		if (!remaining.isNegative()) {
			Load.sleep(remaining);
		}
	}

}
