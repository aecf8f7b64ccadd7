package io.github.azureredis.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.microsoft.aad.msal4j.MsalServiceException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A {@link TokenCredential} backed by a {@link FakeEntraId}: tokens of a configurable lifetime, and switches to
 * simulate an outage of the token endpoint, a slow endpoint, an unknown scope or a token without {@code oid}.
 */
public final class FakeTokenCredential implements TokenCredential {

	private final FakeEntraId issuer;

	private final String objectId;

	private volatile Duration lifetime;

	private volatile Duration latency = Duration.ZERO;

	private volatile @Nullable Supplier<RuntimeException> failure;

	private volatile boolean omitObjectId;

	private final AtomicInteger requests = new AtomicInteger();

	private final List<Instant> requestTimes = new CopyOnWriteArrayList<>();

	private final List<FakeEntraId.Token> issued = new CopyOnWriteArrayList<>();

	/**
	 * Creates a credential.
	 * @param issuer the issuer
	 * @param objectId the object id of the identity
	 * @param lifetime the lifetime of each token
	 */
	public FakeTokenCredential(FakeEntraId issuer, String objectId, Duration lifetime) {
		this.issuer = issuer;
		this.objectId = objectId;
		this.lifetime = lifetime;
	}

	@Override
	public Mono<AccessToken> getToken(TokenRequestContext request) {
		return Mono.delay(this.latency).then(Mono.fromCallable(() -> issue(request)));
	}

	private AccessToken issue(TokenRequestContext request) {
		this.requests.incrementAndGet();
		this.requestTimes.add(this.issuer.clock().instant());
		Supplier<RuntimeException> currentFailure = this.failure;
		if (currentFailure != null) {
			throw currentFailure.get();
		}
		if (!request.getScopes().equals(List.of(FakeEntraId.SCOPE))) {
			// As a service principal's credential throws it (FakeEntraIdEndpoint answers the same).
			throw new MsalServiceException("AADSTS500011: The resource principal named "
					+ String.join(" ", request.getScopes()) + " was not found in the tenant named "
					+ this.issuer.tenantId() + ".", "invalid_resource");
		}
		FakeEntraId.Token token = this.issuer.issue(this.omitObjectId ? null : this.objectId, this.lifetime);
		this.issued.add(token);
		return new AccessToken(token.value(), token.expiresAt().atOffset(ZoneOffset.UTC));
	}

	/** @return the identity's object id */
	public String objectId() {
		return this.objectId;
	}

	/**
	 * Changes the lifetime of tokens issued from now on.
	 * @param lifetime the lifetime
	 */
	public void lifetime(Duration lifetime) {
		this.lifetime = lifetime;
	}

	/**
	 * Makes every token request take this long before it answers.
	 * @param latency the delay
	 */
	public void latency(Duration latency) {
		this.latency = latency;
	}

	/** Simulates an outage: every request fails as the token endpoint being unreachable would. */
	public void failRequests() {
		failRequests(() -> new ClientAuthenticationException(
				"ManagedIdentityCredential authentication unavailable. Connection to the token endpoint failed "
						+ "(simulated outage).", null));
	}

	/**
	 * Makes every request fail with the given exception.
	 * @param failure creates the exception
	 */
	public void failRequests(Supplier<RuntimeException> failure) {
		this.failure = failure;
	}

	/** Ends a simulated outage. */
	public void recover() {
		this.failure = null;
	}

	/**
	 * Issues tokens without an {@code oid} claim.
	 * @param omit whether to omit it
	 */
	public void omitObjectId(boolean omit) {
		this.omitObjectId = omit;
	}

	/** @return how many token requests were made */
	public int requests() {
		return this.requests.get();
	}

	/** @return when each token request was made, failed ones included */
	public List<Instant> requestTimes() {
		return List.copyOf(this.requestTimes);
	}

	/** @return every token issued so far, to check that none leaks into logs */
	public List<FakeEntraId.Token> issuedTokens() {
		return List.copyOf(this.issued);
	}

	@Override
	public String toString() {
		return "FakeTokenCredential[objectId=" + this.objectId + ", lifetime=" + this.lifetime + "]";
	}

}
