package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.github.azureredis.credentials.CredentialProperties.Type;
import io.github.azureredis.observation.AzureRedisObservations;
import io.github.azureredis.observation.ReauthenticationContext;
import io.github.azureredis.observation.TokenRequestObservationContext;
import io.github.azureredis.support.ManualTaskScheduler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token requests and the re-authentication of open connections as observations, on virtual time.
 */
class EntraIdTokenObservationTests {

	private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(START);

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private volatile boolean failing;

	private int issued;

	private final TokenCredential endpoint = (request) -> Mono.fromCallable(() -> {
		if (this.failing) {
			throw new IllegalStateException("AADSTS50058: the token endpoint refused");
		}
		return new AccessToken("token-" + (++this.issued),
				this.scheduler.now().plus(Duration.ofSeconds(8)).atOffset(ZoneOffset.UTC));
	});

	private EntraIdTokenManager manager;

	EntraIdTokenObservationTests() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				EntraIdTokenObservationTests.this.stopped.add(context);
			}

		});
	}

	@AfterEach
	void close() {
		if (this.manager != null) {
			this.manager.close();
		}
	}

	@Test
	void eachTokenRequestIsObservedAndARenewalReauthenticatesAsItsChild() {
		start();
		assertThat(requests()).extracting((context) -> context.getResult().tag()).containsExactly("refreshed");
		// Two open connections, as Redisson re-authenticates them: on the renewal signal.
		this.manager.nextRenewal().thenRun(() -> this.manager.credentials());
		this.manager.nextRenewal().thenRun(() -> this.manager.credentials());
		this.scheduler.advance(Duration.ofSeconds(7));
		assertThat(requests()).extracting((context) -> context.getResult().tag())
			.containsExactly("refreshed", "refreshed");
		List<ReauthenticationContext> reauthentications = of(ReauthenticationContext.class);
		assertThat(reauthentications).hasSize(1);
		ReauthenticationContext reauthentication = reauthentications.get(0);
		assertThat(reauthentication.getConnections()).isEqualTo(2);
		assertThat(reauthentication.getHighCardinalityKeyValue("connections").getValue()).isEqualTo("2");
		assertThat(reauthentication.getName()).isEqualTo("azure.redis.reauthentications");
		assertThat(reauthentication.getParentObservation().getContextView()).isSameAs(requests().get(1));
		assertThat(requests().get(1).getName()).isEqualTo("azure.redis.token.requests");
		assertThat(requests().get(1).getLowCardinalityKeyValue("result").getValue()).isEqualTo("refreshed");
	}

	@Test
	void aFailedRequestIsObservedWithItsDiagnosis() {
		start();
		this.failing = true;
		this.scheduler.advance(Duration.ofSeconds(7));
		TokenRequestObservationContext failed = requests().get(1);
		assertThat(failed.getResult()).isEqualTo(TokenRequestObservationContext.Result.FAILED);
		assertThat(failed.getLowCardinalityKeyValue("result").getValue()).isEqualTo("failed");
		assertThat(failed.getError()).isInstanceOf(EntraIdAuthenticationException.class)
			.hasMessageNotContaining("token-");
		assertThat(of(ReauthenticationContext.class)).isEmpty();
	}

	private void start() {
		TokenProperties properties = new TokenProperties();
		properties.setScope("https://redis.azure.com/.default");
		this.manager = new EntraIdTokenManager(this.endpoint,
				new CredentialSource("VirtualTokenEndpoint", Type.DEFAULT, null, false, null), properties,
				"object-id", this.scheduler, () -> 0.5);
		this.manager.observeWith(new AzureRedisObservations(this.registry, null, null, null, null, false));
		this.manager.start();
	}

	private List<TokenRequestObservationContext> requests() {
		return of(TokenRequestObservationContext.class);
	}

	private <T> List<T> of(Class<T> type) {
		return this.stopped.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
