package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import io.github.azureredis.credentials.CredentialProperties.Type;
import io.github.azureredis.support.ManualTaskScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrying token requests through an outage of the identity provider, on virtual time: today's backoff while the
 * held token is valid, the jittered recovery interval once it has expired, throttling obeyed, and warnings that do
 * not flood the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class EntraIdTokenRecoveryTests {

	private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

	private static final Duration STEP = Duration.ofMillis(10);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(START);

	private final VirtualTokenEndpoint endpoint = new VirtualTokenEndpoint(Duration.ofSeconds(8));

	@Test
	void outageLongerThanTheTokenRetriesAtTheRecoveryIntervalAndSucceedsWithinTwoSecondsOfTheReturn() {
		// The scenario: 8 s tokens, the endpoint refuses every request for 15 s.
		EntraIdTokenManager manager = start(new TokenProperties(), 7);
		Instant expiry = START.plusSeconds(8);
		Instant outageEnd = START.plusSeconds(20);
		advanceTo(START.plusSeconds(5));
		this.endpoint.fail(EntraIdTokenRecoveryTests::refused);
		CompletionStage<Void> renewal = manager.nextRenewal();
		advanceTo(outageEnd);
		assertThat(manager.credentials().toCompletableFuture()).isCompletedExceptionally();
		this.endpoint.recover();
		while (!renewal.toCompletableFuture().isDone()) {
			this.scheduler.advance(STEP);
		}
		Instant firstSuccess = this.scheduler.now();

		assertThat(Duration.between(outageEnd, firstSuccess)).as("first token after the endpoint returned")
			.isLessThanOrEqualTo(Duration.ofMillis(1500));
		List<Instant> requests = this.endpoint.requests();
		List<Duration> gapsAfterExpiry = gaps(requests, expiry, outageEnd);
		assertThat(gapsAfterExpiry).isNotEmpty()
			.allSatisfy((gap) -> assertThat(gap).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500)));
		long expiredRequests = requests.stream().filter((at) -> !at.isBefore(expiry) && at.isBefore(outageEnd)).count();
		assertThat(expiredRequests).as("requests in the 12 s after expiry: at most one per 0.5 s")
			.isBetween(12L * 2 / 3, 12L * 2 + 1);
		List<Duration> gapsWhileValid = gaps(requests, START.plusSeconds(6), expiry);
		assertThat(gapsWhileValid).as("backoff towards expiry while the token is valid")
			.isNotEmpty()
			.allSatisfy((gap) -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(500)));
		assertThat(manager.credentials().toCompletableFuture()).isCompleted();
		System.out.printf("Virtual outage of 15 s with 8 s tokens: first token %d ms after the endpoint returned; "
				+ "%d requests after expiry (%.2f/s); gaps %s%n", Duration.between(outageEnd, firstSuccess).toMillis(),
				expiredRequests, expiredRequests / 12.0, gapsAfterExpiry);
	}

	@Test
	void outageWithinTheTokensLifeKeepsExponentialBackoffAndFailsNoConnection() {
		TokenProperties properties = new TokenProperties();
		properties.setRefreshRatio(0.1);
		this.endpoint.lifetime(Duration.ofMinutes(10));
		EntraIdTokenManager manager = start(properties, 3);
		advanceTo(START.plusSeconds(59));
		this.endpoint.fail(EntraIdTokenRecoveryTests::refused);
		advanceTo(START.plusSeconds(59 + 120));
		List<Duration> gaps = gaps(this.endpoint.requests(), START.plusSeconds(60), this.scheduler.now());
		assertThat(gaps).hasSizeGreaterThanOrEqualTo(4);
		assertThat(gaps.get(gaps.size() - 1)).as("backoff reached").isGreaterThanOrEqualTo(Duration.ofSeconds(15));
		assertThat(this.endpoint.requests()).as("at most the backoff's requests in two minutes").hasSizeLessThan(14);
		assertThat(manager.credentials().toCompletableFuture()).isCompleted();
		this.endpoint.recover();
		advanceTo(START.plusSeconds(59 + 120 + 31));
		assertThat(manager.status().consecutiveFailures()).isZero();
	}

	@Test
	void retryAfterIsObeyedAfterExpiry() {
		EntraIdTokenManager manager = start(new TokenProperties(), 11);
		advanceTo(START.plusSeconds(5));
		this.endpoint.fail(() -> new ClientAuthenticationException("Managed Identity authentication failed", null,
				new MsalThrottlingException(4000)));
		advanceTo(START.plusSeconds(30));
		List<Duration> gaps = gaps(this.endpoint.requests(), START.plusSeconds(6), this.scheduler.now());
		assertThat(gaps).isNotEmpty()
			.allSatisfy((gap) -> assertThat(gap).isBetween(Duration.ofMillis(4000), Duration.ofMillis(4400)));
		assertThat(manager.status().lastFailure()).isNotNull();
	}

	@Test
	void aLongOutageWarnsWhenItStartsWhenTheTokenExpiresAndEveryThirtySeconds(CapturedOutput output) {
		EntraIdTokenManager manager = start(new TokenProperties(), 5);
		advanceTo(START.plusSeconds(5));
		this.endpoint.fail(EntraIdTokenRecoveryTests::refused);
		advanceTo(START.plusSeconds(100));
		long warnings = output.getAll().lines().filter((line) -> line.contains("WARN")
				&& line.contains("Could not refresh the Microsoft Entra ID token")).count();
		assertThat(manager.failureCount()).isGreaterThan(80);
		// The first failure (t=6 s), the token about to expire (t=7 s), then every 30 s: t=37, 67 and 97 s.
		assertThat(warnings).isEqualTo(5);
		assertThat(output.getAll()).contains("Further failures are logged at DEBUG, and at WARN every 30 s")
			.contains("new Redis connections cannot authenticate until a new one is obtained")
			.contains("then about every 1000 ms until a token is obtained");
	}

	private EntraIdTokenManager start(TokenProperties properties, long seed) {
		properties.setScope("https://redis.azure.com/.default");
		Random random = new Random(seed);
		EntraIdTokenManager manager = new EntraIdTokenManager(this.endpoint,
				new CredentialSource("VirtualTokenEndpoint", Type.DEFAULT, null, false, null), properties,
				"object-id", this.scheduler, random::nextDouble);
		manager.start();
		return manager;
	}

	private void advanceTo(Instant instant) {
		this.scheduler.advance(Duration.between(this.scheduler.now(), instant));
	}

	private static List<Duration> gaps(List<Instant> requests, Instant from, Instant to) {
		List<Duration> gaps = new ArrayList<>();
		Instant previous = null;
		for (Instant at : requests) {
			if (!at.isBefore(from) && at.isBefore(to)) {
				if (previous != null) {
					gaps.add(Duration.between(previous, at));
				}
				previous = at;
			}
		}
		return gaps;
	}

	private static RuntimeException refused() {
		return new ClientAuthenticationException("ManagedIdentityCredential authentication failed. Connection to "
				+ "the token endpoint refused (simulated outage).", null);
	}

	/** A token endpoint on the scheduler's virtual time. */
	private final class VirtualTokenEndpoint implements TokenCredential {

		private final List<Instant> requests = new CopyOnWriteArrayList<>();

		private volatile Duration lifetime;

		private volatile Supplier<RuntimeException> failure;

		private int issued;

		VirtualTokenEndpoint(Duration lifetime) {
			this.lifetime = lifetime;
		}

		@Override
		public Mono<AccessToken> getToken(TokenRequestContext request) {
			return Mono.fromCallable(() -> {
				Instant now = EntraIdTokenRecoveryTests.this.scheduler.now();
				this.requests.add(now);
				Supplier<RuntimeException> current = this.failure;
				if (current != null) {
					throw current.get();
				}
				return new AccessToken("token-" + (++this.issued), now.plus(this.lifetime).atOffset(ZoneOffset.UTC));
			});
		}

		void lifetime(Duration lifetime) {
			this.lifetime = lifetime;
		}

		void fail(Supplier<RuntimeException> failure) {
			this.failure = failure;
		}

		void recover() {
			this.failure = null;
		}

		List<Instant> requests() {
			return List.copyOf(this.requests);
		}

	}

}
