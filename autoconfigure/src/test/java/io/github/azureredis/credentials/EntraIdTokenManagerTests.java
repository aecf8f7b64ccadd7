package io.github.azureredis.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.CredentialUnavailableException;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
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

	private final FakeEntraId issuer = new FakeEntraId();

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
		// As Redisson does: on the signal, re-authenticate and ask for the next signal.
		renewal.thenRun(() -> {
			manager.credentials();
			seenFromCallback.add(manager.nextRenewal());
		});
		await().atMost(Duration.ofSeconds(4)).until(() -> renewal.toCompletableFuture().isDone());
		assertThat(credentials(manager).getPassword()).isNotEqualTo(firstToken);
		assertThat(seenFromCallback).hasSize(1);
		assertThat(seenFromCallback.get(0)).isNotSameAs(renewal);
		assertThat(seenFromCallback.get(0).toCompletableFuture()).isNotDone();
		assertThat(manager.reauthenticationCount()).isEqualTo(1);
	}

	@Test
	void listenersHearOfRefreshesAndHowManyConnectionsReauthenticated() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(2));
		List<Integer> reauthenticated = new ArrayList<>();
		EntraIdTokenManager manager = new EntraIdTokenManager(credential, properties(), null, Clock.systemUTC());
		this.managers.add(manager);
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
		await().atMost(Duration.ofSeconds(4)).until(() -> !reauthenticated.isEmpty());
		assertThat(reauthenticated.get(0)).isEqualTo(3);
	}

	@Test
	void aListenerThatThrowsIsNotAFailedRefresh() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(2));
		AtomicInteger told = new AtomicInteger();
		EntraIdTokenManager manager = new EntraIdTokenManager(credential, properties(), null, Clock.systemUTC());
		this.managers.add(manager);
		manager.addListener(new EntraIdTokenListener() {
			@Override
			public void tokenRefreshed(EntraIdTokenStatus status, int connectionsReauthenticated) {
				told.incrementAndGet();
				throw new IllegalStateException("listener bug");
			}
		});
		manager.start();
		await().atMost(Duration.ofSeconds(6)).until(() -> told.get() >= 2);
		assertThat(manager.failureCount()).isZero();
		assertThat(manager.status().lastError()).isNull();
		// One refresh chain: the first token, then one request per refresh (at 75% of 2 s).
		assertThat(credential.requests()).isLessThanOrEqualTo(told.get() + 2);
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
		await().atMost(Duration.ofSeconds(5)).until(() -> manager.failureCount() >= 2);
		assertThat(credentials(manager).getPassword()).isEqualTo(firstToken);
		assertThat(manager.status().lastError()).contains("simulated outage");
		credential.recover();
		await().atMost(Duration.ofSeconds(3)).until(() -> !credentials(manager).getPassword().equals(firstToken));
		assertThat(manager.status().consecutiveFailures()).isZero();
		assertThat(manager.status().lastError()).isNull();
	}

	@Test
	void expiredTokenFailsFastWithoutTokenTextThenRecoversWithoutRestart() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(2));
		EntraIdTokenManager manager = start(credential, properties());
		String firstToken = credentials(manager).getPassword();
		credential.failRequests();
		await().atMost(Duration.ofSeconds(4)).until(() -> manager.credentials().toCompletableFuture().isCompletedExceptionally());
		Throwable failure = manager.credentials().toCompletableFuture().handle((c, ex) -> ex).join();
		assertThat(failure).isInstanceOf(EntraIdAuthenticationException.class);
		assertThat(((EntraIdAuthenticationException) failure).getReason())
			.isEqualTo(EntraIdAuthenticationException.Reason.TOKEN_EXPIRED);
		assertThat(failure.getMessage()).doesNotContain(firstToken).contains("simulated outage");
		CompletionStage<Void> renewal = manager.nextRenewal();
		credential.recover();
		await().atMost(Duration.ofSeconds(3)).until(() -> renewal.toCompletableFuture().isDone());
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
		await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() >= 2);
		assertThat(renewal.toCompletableFuture()).isNotDone();
		assertThat(manager.refreshCount()).isEqualTo(1);
	}

	@Test
	void onlyOneTokenRequestIsInFlightAtATime() throws InterruptedException {
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maximum = new AtomicInteger();
		FakeTokenCredential fake = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(1));
		TokenCredential slow = (request) -> Mono.defer(() -> {
			maximum.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			return fake.getToken(request).delayElement(Duration.ofMillis(300)).doFinally((signal) -> inFlight.decrementAndGet());
		});
		start(slow, properties());
		Thread.sleep(3500);
		assertThat(fake.requests()).isGreaterThanOrEqualTo(3);
		assertThat(maximum.get()).isEqualTo(1);
	}

	@Test
	void closeStopsRefreshing() throws InterruptedException {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofSeconds(1));
		EntraIdTokenManager manager = start(credential, properties());
		manager.close();
		int requests = credential.requests();
		Thread.sleep(2500);
		assertThat(credential.requests()).isEqualTo(requests);
	}

	@Test
	void configuredUsernameReplacesTheObjectIdClaim() {
		FakeTokenCredential credential = new FakeTokenCredential(this.issuer, OID, Duration.ofHours(1));
		credential.omitObjectId(true);
		EntraIdTokenManager manager = new EntraIdTokenManager(credential, properties(), "configured-user", Clock.systemUTC());
		this.managers.add(manager);
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
		EntraIdTokenManager manager = new EntraIdTokenManager(credential, properties, null, Clock.systemUTC());
		this.managers.add(manager);
		EntraIdAuthenticationException[] failure = new EntraIdAuthenticationException[1];
		assertThatExceptionOfType(EntraIdAuthenticationException.class).isThrownBy(manager::start)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(reason))
			.satisfies((ex) -> failure[0] = ex);
		return failure[0];
	}

	private EntraIdTokenManager start(TokenCredential credential, TokenProperties properties) {
		EntraIdTokenManager manager = new EntraIdTokenManager(credential, properties, null, Clock.systemUTC());
		this.managers.add(manager);
		manager.start();
		return manager;
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
