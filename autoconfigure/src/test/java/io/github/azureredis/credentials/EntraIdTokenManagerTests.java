package io.github.azureredis.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.CredentialUnavailableException;
import io.github.azureredis.support.ManualTaskScheduler;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.config.Credentials;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class EntraIdTokenManagerTests {

	private static final String OID = "a3c6e1f0-5d4b-4e2a-9c8f-1b2d3e4f5a6b";

	// Virtual time: refreshes run when the test moves the clock, so tests neither sleep nor race the refresher.
	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(Instant.parse("2026-11-30T08:00:00Z"));

	private final FakeEntraId issuer = new FakeEntraId(this.scheduler.getClock());

	private final List<EntraIdTokenManager> managers = new ArrayList<>();

	@AfterEach
	void closeManagers() {
		this.managers.forEach(EntraIdTokenManager::close);
	}

	@Test
	void startObtainsTheFirstTokenAndServesItFromMemory() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofHours(1));
		EntraIdTokenManager manager = start(credential, properties());
		Credentials credentials = credentials(manager);
		assertThat(credentials.getUsername()).isEqualTo(OID);
		assertThat(credentials.getPassword()).isEqualTo(credential.issuedTokens().get(0).value());
		for (int i = 0; i < 1000; i++) {
			credentials(manager);
		}
		assertThat(credential.requests()).isEqualTo(1);
	}

	@Test
	void refreshSignalsRenewalAndInstallsTheNextSignalFirst() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(3));
		EntraIdTokenManager manager = start(credential, properties());
		String firstToken = credentials(manager).getPassword();
		CompletionStage<Void> renewal = manager.nextRenewal();
		List<CompletionStage<Void>> seenFromCallback = new ArrayList<>();
		List<@Nullable Credentials> authenticatedWith = new ArrayList<>();
		// As Redisson does: on the signal, re-authenticate and ask for the next signal.
		renewal.thenRun(() -> {
			// Redisson sends AUTH from here: the new token must be in memory, not requested now.
			authenticatedWith.add(manager.credentials().toCompletableFuture().getNow(null));
			seenFromCallback.add(manager.nextRenewal());
		});
		advanceUntil(() -> renewal.toCompletableFuture().isDone(), Duration.ofSeconds(3));
		assertThat(credentials(manager).getPassword()).isNotEqualTo(firstToken);
		assertThat(authenticatedWith).singleElement()
			.isNotNull()
			.extracting(Credentials::getPassword)
			.isEqualTo(credentials(manager).getPassword());
		assertThat(credential.requests()).isEqualTo(2);
		assertThat(seenFromCallback).hasSize(1);
		assertThat(seenFromCallback.get(0)).isNotSameAs(renewal);
		assertThat(seenFromCallback.get(0).toCompletableFuture()).isNotDone();
		assertThat(manager.reauthenticationCount()).isEqualTo(1);
	}

	@Test
	void listenersHearOfRefreshesAndHowManyConnectionsReauthenticated() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(2));
		List<Integer> reauthenticated = new ArrayList<>();
		EntraIdTokenManager manager = manager(credential, properties(), null);
		manager.addListener(new EntraIdTokenListener() {
			@Override
			public void tokenRefreshed(EntraIdTokenStatus status, int connectionsReauthenticated) {
				reauthenticated.add(connectionsReauthenticated);
			}
		});
		manager.start();
		for (int connection = 0; connection < 3; connection++) {
			manager.nextRenewal().thenRun(manager::credentials);
		}
		advanceUntil(() -> !reauthenticated.isEmpty(), Duration.ofSeconds(2));
		assertThat(reauthenticated.get(0)).isEqualTo(3);
	}

	@Test
	void aListenerThatThrowsIsNotAFailedRefresh() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(2));
		AtomicInteger told = new AtomicInteger();
		EntraIdTokenManager manager = manager(credential, properties(), null);
		manager.addListener(new EntraIdTokenListener() {
			@Override
			public void tokenRefreshed(EntraIdTokenStatus status, int connectionsReauthenticated) {
				told.incrementAndGet();
				throw new IllegalStateException("listener bug");
			}
		});
		manager.start();
		this.scheduler.advance(Duration.ofSeconds(6));
		assertThat(manager.failureCount()).isZero();
		assertThat(manager.status().lastError()).isNull();
		// One refresh chain, not a retry after the listener's exception: the first token, then one request per
		// refresh, at 75% of each 2 s token.
		assertThat(told.get()).isBetween(3, 5);
		assertThat(credential.requests()).isEqualTo(told.get() + 1);
	}

	@Test
	void failedRefreshKeepsTheValidTokenAndRetriesUntilTheEndpointRecovers() {
		// Refresh early (at 30% of a 10 s token), so that failed attempts happen while the token is still valid.
		TokenProperties properties = properties();
		properties.setRefreshRatio(0.3);
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(10));
		EntraIdTokenManager manager = start(credential, properties);
		String firstToken = credentials(manager).getPassword();
		credential.failRequests();
		advanceUntil(() -> manager.failureCount() >= 2, Duration.ofSeconds(5));
		assertThat(credentials(manager).getPassword()).isEqualTo(firstToken);
		assertThat(manager.status().lastError()).contains("simulated outage");
		credential.recover();
		advanceUntil(() -> !credentials(manager).getPassword().equals(firstToken), Duration.ofSeconds(3));
		assertThat(manager.status().consecutiveFailures()).isZero();
		assertThat(manager.status().lastError()).isNull();
	}

	@Test
	void expiredTokenFailsFastWithoutTokenTextThenRecoversWithoutRestart() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(2));
		EntraIdTokenManager manager = start(credential, properties());
		String firstToken = credentials(manager).getPassword();
		credential.failRequests();
		advanceUntil(() -> manager.credentials().toCompletableFuture().isCompletedExceptionally(),
				Duration.ofSeconds(4));
		Throwable failure = manager.credentials().toCompletableFuture().handle((c, ex) -> ex).join();
		assertThat(failure).isInstanceOf(EntraIdAuthenticationException.class);
		assertThat(((EntraIdAuthenticationException) failure).getReason())
			.isEqualTo(EntraIdAuthenticationException.Reason.TOKEN_EXPIRED);
		assertThat(failure.getMessage()).doesNotContain(firstToken).contains("simulated outage");
		CompletionStage<Void> renewal = manager.nextRenewal();
		credential.recover();
		advanceUntil(() -> renewal.toCompletableFuture().isDone(), Duration.ofSeconds(3));
		assertThat(credentials(manager).getPassword()).isNotEqualTo(firstToken);
	}

	@Test
	void unchangedTokenFromTheCredentialCacheSignalsNothing() {
		FakeEntraId.Token token = this.issuer.issue(OID, Duration.ofSeconds(4));
		AtomicInteger requests = new AtomicInteger();
		TokenCredential caching = (request) -> {
			requests.incrementAndGet();
			return Mono.just(new AccessToken(token.value(), OffsetDateTime.ofInstant(token.expiresAt(), java.time.ZoneOffset.UTC)));
		};
		EntraIdTokenManager manager = start(caching, properties());
		CompletionStage<Void> renewal = manager.nextRenewal();
		advanceUntil(() -> requests.get() >= 2, Duration.ofSeconds(5));
		assertThat(renewal.toCompletableFuture()).isNotDone();
		assertThat(manager.refreshCount()).isEqualTo(1);
	}

	@Test
	void onlyOneTokenRequestIsInFlightAtATime() {
		// Real threads and the system clock: the refresher's own thread against callers asking for credentials.
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maximum = new AtomicInteger();
		// 2 s: a token's exp is whole seconds, so a 1 s token can arrive expired after the 300 ms request.
		FakeTokenCredential fake = new FakeTokenCredential(new FakeEntraId(), OID, Duration.ofSeconds(2));
		TokenCredential slow = (request) -> Mono.defer(() -> {
			maximum.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			return fake.getToken(request).delayElement(Duration.ofMillis(300)).doFinally((signal) -> inFlight.decrementAndGet());
		});
		EntraIdTokenManager manager = new EntraIdTokenManager(slow, properties(), null, Clock.systemUTC());
		this.managers.add(manager);
		manager.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			manager.credentials();
			return fake.requests() >= 3;
		});
		assertThat(maximum.get()).isEqualTo(1);
	}

	@Test
	void closeStopsRefreshing() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(1));
		EntraIdTokenManager manager = start(credential, properties());
		this.scheduler.advance(Duration.ofSeconds(2));
		int requests = credential.requests();
		assertThat(requests).as("refreshes before close").isGreaterThan(1);
		manager.close();
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(credential.requests()).isEqualTo(requests);
	}

	@Test
	void configuredUsernameReplacesTheObjectIdClaim() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofHours(1));
		credential.omitObjectId(true);
		EntraIdTokenManager manager = manager(credential, properties(), "configured-user");
		manager.start();
		assertThat(credentials(manager).getUsername()).isEqualTo("configured-user");
	}

	@Test
	void tokenWithoutObjectIdFailsStartUp() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofHours(1));
		credential.omitObjectId(true);
		assertStartUpFailure(credential, properties(), EntraIdAuthenticationException.Reason.NO_OBJECT_ID);
	}

	@Test
	void missingCredentialFailsStartUp() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofHours(1));
		credential.failRequests(() -> new CredentialUnavailableException(
				"DefaultAzureCredential failed to retrieve a token from the included credentials."));
		assertStartUpFailure(credential, properties(), EntraIdAuthenticationException.Reason.NO_CREDENTIAL);
	}

	@Test
	void unknownScopeFailsStartUp() {
		TokenProperties properties = properties();
		properties.setScope("https://redis.example.invalid/.default");
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofHours(1));
		assertStartUpFailure(credential, properties, EntraIdAuthenticationException.Reason.UNKNOWN_SCOPE);
	}

	@Test
	void scopeNotEndingWithDefaultNamesTheProperty() {
		TokenProperties properties = properties();
		properties.setScope("https://redis.azure.com");
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofHours(1));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new EntraIdTokenManager(credential, properties, null, Clock.systemUTC()))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("azure.redis.token.scope"));
	}

	@Test
	void slowEndpointFailsStartUpAfterTheRequestTimeout() {
		TokenProperties properties = properties();
		properties.setRequestTimeout(Duration.ofMillis(300));
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofHours(1));
		credential.latency(Duration.ofSeconds(5));
		EntraIdAuthenticationException failure = assertStartUpFailure(credential, properties,
				EntraIdAuthenticationException.Reason.TOKEN_REQUEST_FAILED);
		assertThat(failure.getMessage()).contains("azure.redis.token.request-timeout");
	}

	private EntraIdAuthenticationException assertStartUpFailure(TokenCredential credential, TokenProperties properties,
			EntraIdAuthenticationException.Reason reason) {
		EntraIdTokenManager manager = manager(credential, properties, null);
		EntraIdAuthenticationException[] failure = new EntraIdAuthenticationException[1];
		assertThatExceptionOfType(EntraIdAuthenticationException.class).isThrownBy(manager::start)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason))
			.satisfies((ex) -> failure[0] = ex);
		return failure[0];
	}

	private EntraIdTokenManager start(TokenCredential credential, TokenProperties properties) {
		EntraIdTokenManager manager = manager(credential, properties, null);
		manager.start();
		return manager;
	}

	private EntraIdTokenManager manager(TokenCredential credential, TokenProperties properties,
			@Nullable String username) {
		// The middle of the jitter range: refreshes at the configured ratio.
		EntraIdTokenManager manager = new EntraIdTokenManager(credential, CredentialSource.applicationBean(credential),
				properties, username, this.scheduler, () -> 0.5);
		this.managers.add(manager);
		return manager;
	}

	/** Moves virtual time from task to task until the condition holds, failing if it takes longer than allowed. */
	private void advanceUntil(BooleanSupplier condition, Duration atMost) {
		Instant deadline = this.scheduler.now().plus(atMost);
		while (!condition.getAsBoolean()) {
			Instant next = this.scheduler.nextTaskAt();
			assertThat(next).as("a scheduled refresh before %s", deadline).isNotNull().isBeforeOrEqualTo(deadline);
			this.scheduler.advance(Duration.between(this.scheduler.now(), next));
		}
	}

	private static TokenProperties properties() {
		TokenProperties properties = new TokenProperties();
		properties.setScope(FakeEntraId.SCOPE);
		properties.setRetryInitialBackoff(Duration.ofMillis(500));
		properties.setRetryMaxBackoff(Duration.ofSeconds(1));
		properties.setRecoveryInterval(Duration.ofMillis(500));
		return properties;
	}

	private static Credentials credentials(EntraIdTokenManager manager) {
		CompletableFuture<Credentials> future = manager.credentials().toCompletableFuture();
		assertThat(future).isCompleted();
		return future.join();
	}

}
