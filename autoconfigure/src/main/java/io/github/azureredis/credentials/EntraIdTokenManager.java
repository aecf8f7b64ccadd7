package io.github.azureredis.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import io.github.azureredis.observation.AzureRedisObservations;
import io.github.azureredis.observation.TokenRequestObservationContext;
import io.github.azureredis.observation.TokenRequestObservationContext.Result;
import org.jspecify.annotations.Nullable;
import org.redisson.config.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Holds the Microsoft Entra ID access token for Redis and refreshes it in the background for the life of the
 * application.
 * <ul>
 * <li>The first token is fetched by {@link #start()}; after that, callers only read the token in memory, so no
 * cache call ever waits on the token endpoint.</li>
 * <li>A new token is requested on one background thread, one request at a time, at the point the
 * {@link RefreshSchedule} sets; each new token completes the renewal signal, on which Redisson re-sends
 * {@code AUTH} on every open connection.</li>
 * <li>A failed request is retried forever, while the previous token stays in use: with exponential backoff and
 * jitter while that token is valid, at the jittered recovery interval once it has expired, always obeying the
 * identity provider's throttling (see {@link RefreshSchedule}). When requests succeed again, even after the token
 * expired, connections authenticate with the new token without a restart.</li>
 * <li>A failure says which credentials were tried, why each gave no token, and what to do
 * ({@link TokenFailureDiagnosis}); it is logged at WARN when a series of failures starts, when the token expires
 * during it and then every {@link #WARNING_INTERVAL}, at DEBUG otherwise, so that retries every second do not
 * flood the log.</li>
 * <li>With an {@code ObservationRegistry}, every token request is an observation, and the re-authentication of the
 * open connections that follows a new token its child ({@link AzureRedisObservations}).</li>
 * </ul>
 * azure-core's {@code SimpleTokenCache} and the credentials' own caches refresh a token only when asked, on the
 * asking thread, and tell no one when it changes; Redisson must be told, to re-send {@code AUTH} on its open
 * connections before the old token expires.
 *
 * @author Azure Redis Cache contributors
 */
public final class EntraIdTokenManager implements AutoCloseable {

	/** How often a continuing series of failures is logged at WARN. */
	static final Duration WARNING_INTERVAL = Duration.ofSeconds(30);

	private static final Logger logger = LoggerFactory.getLogger(EntraIdTokenManager.class);

	private final TokenCredential credential;

	private final TokenRequestContext request;

	private final @Nullable String configuredUsername;

	private final RefreshSchedule schedule;

	private final TokenFailureDiagnosis diagnosis;

	private final Duration requestTimeout;

	private final Clock clock;

	private final TaskScheduler refresher;

	private final DoubleSupplier random;

	private final List<EntraIdTokenListener> listeners = new CopyOnWriteArrayList<>();

	private final ThreadLocal<Boolean> signallingRenewal = ThreadLocal.withInitial(() -> false);

	private final AtomicLong refreshes = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong connectionAuthentications = new AtomicLong();

	private final AtomicLong renewalAuthentications = new AtomicLong();

	private volatile @Nullable HeldToken token;

	private volatile CompletableFuture<Void> renewal = new CompletableFuture<>();

	private volatile @Nullable Instant nextRefreshAt;

	private volatile int consecutiveFailures;

	private volatile @Nullable EntraIdAuthenticationException lastFailure;

	private volatile @Nullable Instant lastErrorAt;

	private volatile @Nullable Instant lastWarningAt;

	private volatile boolean warnedWhileRecovering;

	private volatile boolean closed;

	private volatile AzureRedisObservations observations = AzureRedisObservations.none();

	/**
	 * Creates a manager that refreshes on a thread of its own; {@link #start()} fetches the first token.
	 * @param credential where tokens come from
	 * @param properties scope, schedule and timeouts
	 * @param configuredUsername the AUTH user name, or {@code null} to use each token's {@code oid} claim
	 * @param clock the clock
	 */
	public EntraIdTokenManager(TokenCredential credential, TokenProperties properties,
			@Nullable String configuredUsername, Clock clock) {
		this(credential, CredentialSource.applicationBean(credential), properties, configuredUsername,
				refresher(clock), () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * Creates a manager.
	 * @param credential where tokens come from
	 * @param source what the credential is, for failure reports
	 * @param properties scope, schedule and timeouts
	 * @param configuredUsername the AUTH user name, or {@code null} to use each token's {@code oid} claim
	 * @param refresher runs the refreshes; its clock is the manager's
	 * @param random numbers in [0, 1) for the jitter
	 */
	EntraIdTokenManager(TokenCredential credential, CredentialSource source, TokenProperties properties,
			@Nullable String configuredUsername, TaskScheduler refresher, DoubleSupplier random) {
		this.credential = credential;
		this.request = new TokenRequestContext().addScopes(validScope(properties.getScope()));
		this.configuredUsername = configuredUsername;
		this.schedule = new RefreshSchedule(properties);
		this.diagnosis = new TokenFailureDiagnosis(source, properties.getScope(), properties.getRequestTimeout());
		this.requestTimeout = properties.getRequestTimeout();
		this.refresher = refresher;
		this.clock = refresher.getClock();
		this.random = random;
	}

	/**
	 * One daemon thread: a token request blocks it for up to the request timeout, and must delay no other work.
	 */
	static ThreadPoolTaskScheduler refresher(Clock clock) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("azure-redis-token-refresh-");
		scheduler.setDaemon(true);
		scheduler.setClock(clock);
		scheduler.initialize();
		return scheduler;
	}

	private static String validScope(String scope) {
		if (scope == null || scope.isBlank() || !scope.endsWith("/.default")) {
			throw new InvalidConfigurationPropertyValueException("azure.redis.token.scope", scope,
					"A scope for Redis ends with '/.default', e.g. 'https://redis.azure.com/.default'.");
		}
		return scope;
	}

	/**
	 * Registers a listener.
	 * @param listener the listener
	 */
	public void addListener(EntraIdTokenListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Observes token requests and re-authentications from now on.
	 * @param observations the observations
	 */
	void observeWith(AzureRedisObservations observations) {
		this.observations = observations;
	}

	/**
	 * Fetches the first token on the calling thread and schedules its refresh.
	 * @throws EntraIdAuthenticationException if no token can be obtained, with the reason
	 */
	public void start() {
		this.observations.tokenRequest((observed) -> {
			start(observed);
			return null;
		});
	}

	private void start(TokenRequestObservationContext observed) {
		try {
			HeldToken held = install(requestToken(), observed);
			logger.debug("Obtained the Microsoft Entra ID token for Redis (object id {}); it expires at {}, "
					+ "next refresh at {}", held.objectId(), held.expiresAt(), this.nextRefreshAt);
		}
		catch (EntraIdAuthenticationException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Credentials for an {@code AUTH}, from memory. Counts whether Redisson asked for a new connection or for the
	 * renewal of an open one (it asks on the thread that signals the renewal).
	 * @return the current credentials, or a failed stage if the token has expired without a replacement
	 */
	CompletionStage<Credentials> credentials() {
		if (this.signallingRenewal.get()) {
			this.renewalAuthentications.incrementAndGet();
		}
		else {
			this.connectionAuthentications.incrementAndGet();
		}
		HeldToken held = this.token;
		if (held == null) {
			return CompletableFuture.failedFuture(new EntraIdAuthenticationException(
					EntraIdAuthenticationException.Reason.TOKEN_EXPIRED, "no token was obtained", null));
		}
		if (!now().isBefore(held.expiresAt())) {
			EntraIdAuthenticationException lastFailure = this.lastFailure;
			return CompletableFuture.failedFuture(new EntraIdAuthenticationException(
					EntraIdAuthenticationException.Reason.TOKEN_EXPIRED, "it expired at " + held.expiresAt()
							+ "; last error: " + ((lastFailure != null) ? lastFailure.getMessage() : "none"),
					null));
		}
		return held.credentials();
	}

	/**
	 * Completes when a new token is held; a new stage is returned after each renewal.
	 * @return the renewal signal
	 */
	CompletionStage<Void> nextRenewal() {
		return this.renewal;
	}

	/** @return the current state, without token text */
	public EntraIdTokenStatus status() {
		HeldToken held = this.token;
		Instant never = Instant.EPOCH;
		EntraIdAuthenticationException lastFailure = this.lastFailure;
		return new EntraIdTokenStatus((held != null) ? held.objectId() : "", (held != null) ? held.obtainedAt() : never,
				(held != null) ? held.expiresAt() : never, this.nextRefreshAt, this.consecutiveFailures,
				(lastFailure != null) ? lastFailure.getMessage() : null, this.lastErrorAt, this.refreshes.get(),
				this.failures.get(), lastFailure);
	}

	/** @return successful token requests since start-up */
	public long refreshCount() {
		return this.refreshes.get();
	}

	/** @return failed token requests since start-up */
	public long failureCount() {
		return this.failures.get();
	}

	/** @return {@code AUTH} commands for new connections (pool growth, reconnects) */
	public long connectionAuthenticationCount() {
		return this.connectionAuthentications.get();
	}

	/** @return {@code AUTH} commands re-sent on open connections after a token renewal */
	public long reauthenticationCount() {
		return this.renewalAuthentications.get();
	}

	/**
	 * Time until the current token expires, negative once it has.
	 * @return the remaining lifetime
	 */
	public Duration timeToExpiry() {
		HeldToken held = this.token;
		return (held != null) ? Duration.between(now(), held.expiresAt()) : Duration.ZERO;
	}

	private void refresh() {
		if (this.closed) {
			return;
		}
		this.observations.tokenRequest((observed) -> {
			refresh(observed);
			return null;
		});
	}

	private void refresh(TokenRequestObservationContext observed) {
		HeldToken previous = this.token;
		try {
			AccessToken accessToken = requestToken();
			if (previous != null && previous.value().equals(accessToken.getToken())) {
				// The credential's own cache has not renewed the token yet: ask again shortly, signal nothing.
				observed.setResult(Result.UNCHANGED);
				scheduleRefresh(this.schedule.whenUnchanged(now(), previous.expiresAt()));
				return;
			}
			HeldToken held = install(accessToken, observed);
			int failuresBefore = this.consecutiveFailures;
			this.consecutiveFailures = 0;
			this.lastFailure = null;
			this.lastWarningAt = null;
			this.warnedWhileRecovering = false;
			int reauthenticated = signalRenewal();
			if (failuresBefore > 0) {
				String afterExpiry = (previous != null && !held.obtainedAt().isBefore(previous.expiresAt()))
						? ", " + Duration.between(previous.expiresAt(), held.obtainedAt()).toMillis()
								+ " ms after the previous one expired" : "";
				logger.info("Obtained a new Microsoft Entra ID token for Redis after {} failed attempts{}; it expires "
						+ "at {}; {} open connections re-authenticated", failuresBefore, afterExpiry, held.expiresAt(),
						reauthenticated);
			}
			else {
				logger.debug("Refreshed the Microsoft Entra ID token for Redis (object id {}); it expires at {}, next "
						+ "refresh at {}; {} open connections re-authenticated", held.objectId(), held.expiresAt(),
						this.nextRefreshAt, reauthenticated);
			}
			EntraIdTokenStatus status = status();
			notifyListeners((listener) -> listener.tokenRefreshed(status, reauthenticated));
		}
		catch (EntraIdAuthenticationException ex) {
			observed.setError(ex);
			onFailure(ex, previous);
		}
		catch (RuntimeException ex) {
			EntraIdAuthenticationException diagnosed = this.diagnosis.diagnose(ex);
			observed.setError(diagnosed);
			onFailure(diagnosed, previous);
		}
	}

	private void onFailure(EntraIdAuthenticationException error, @Nullable HeldToken held) {
		this.failures.incrementAndGet();
		int failed = ++this.consecutiveFailures;
		Instant now = now();
		this.lastFailure = error;
		this.lastErrorAt = now;
		Instant expiresAt = (held != null) ? held.expiresAt() : null;
		Throttling throttling = Throttling.of(error, now);
		Duration retryIn = this.schedule.afterFailure(failed, this.random.getAsDouble(), now, expiresAt, throttling);
		scheduleRefresh(retryIn);
		log(error, failed, now, expiresAt, throttling, retryIn);
		EntraIdTokenStatus status = status();
		notifyListeners((listener) -> listener.tokenRefreshFailed(status, error, retryIn));
	}

	private void log(EntraIdAuthenticationException error, int failed, Instant now, @Nullable Instant expiresAt,
			Throttling throttling, Duration retryIn) {
		boolean recovering = this.schedule.recovering(now, expiresAt);
		Instant lastWarning = this.lastWarningAt;
		boolean warn = lastWarning == null || (recovering && !this.warnedWhileRecovering)
				|| !now.isBefore(lastWarning.plus(WARNING_INTERVAL));
		if (!warn && !logger.isDebugEnabled()) {
			return;
		}
		String state = (expiresAt != null && now.isBefore(expiresAt))
				? "The current token stays in use until it expires at " + expiresAt
				: "The token " + ((expiresAt != null) ? "expired at " + expiresAt : "was never obtained")
						+ ": new Redis connections cannot authenticate until a new one is obtained";
		Duration retryAfter = throttling.retryAfter();
		String throttled = (retryAfter != null) ? "Retry-After " + retryAfter.toMillis() + " ms" : "HTTP 429";
		String retry = (throttling.throttled() ? "the identity provider throttles requests (" + throttled + "); " : "")
				+ "retrying in " + retryIn.toMillis() + " ms"
				+ (recovering && !throttling.throttled() ? ", then about every "
						+ this.schedule.recoveryInterval().toMillis() + " ms until a token is obtained" : "");
		if (warn) {
			this.lastWarningAt = now;
			this.warnedWhileRecovering |= recovering;
			logger.warn("Could not refresh the Microsoft Entra ID token for Redis (attempt {}): {}\n{}; {}.\n"
					+ "Action: {}\nFurther failures are logged at DEBUG, and at WARN every {} s.", failed,
					error.describe(), state, retry, error.getAction(), WARNING_INTERVAL.toSeconds());
		}
		else {
			logger.debug("Could not refresh the Microsoft Entra ID token for Redis (attempt {}): {}. {}; {}", failed,
					error.getMessage(), state, retry);
		}
	}

	/**
	 * Tells every listener, each on its own: an application listener that throws must not count as a failed
	 * refresh, which would schedule a second refresh beside the one already scheduled.
	 */
	private void notifyListeners(Consumer<EntraIdTokenListener> notification) {
		for (EntraIdTokenListener listener : this.listeners) {
			try {
				notification.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("EntraIdTokenListener {} failed: {}", listener.getClass().getName(), ex.toString());
			}
		}
	}

	/**
	 * Completes the current renewal signal after installing the next one, so that Redisson, which re-sends
	 * {@code AUTH} from the completion callback and then asks for the next signal, waits on the new one.
	 * @return how many open connections asked for credentials during the signal
	 */
	private int signalRenewal() {
		return this.observations.reauthentication((observed) -> {
			CompletableFuture<Void> current = this.renewal;
			this.renewal = new CompletableFuture<>();
			long before = this.renewalAuthentications.get();
			this.signallingRenewal.set(true);
			try {
				current.complete(null);
			}
			finally {
				this.signallingRenewal.set(false);
			}
			return (int) (this.renewalAuthentications.get() - before);
		});
	}

	private void scheduleRefresh(Duration delay) {
		if (this.closed) {
			return;
		}
		Instant at = now().plus(delay);
		this.nextRefreshAt = at;
		this.refresher.schedule(this::refresh, at);
	}

	private AccessToken requestToken() {
		AccessToken accessToken;
		try {
			accessToken = this.credential.getToken(this.request).timeout(this.requestTimeout).block();
		}
		catch (RuntimeException ex) {
			throw classify(Exceptions.unwrap(ex));
		}
		if (accessToken == null || accessToken.getToken() == null || accessToken.getExpiresAt() == null) {
			throw new EntraIdAuthenticationException(EntraIdAuthenticationException.Reason.TOKEN_REQUEST_FAILED,
					"the credential returned no token", null);
		}
		if (!now().isBefore(accessToken.getExpiresAt().toInstant())) {
			throw new EntraIdAuthenticationException(EntraIdAuthenticationException.Reason.TOKEN_REQUEST_FAILED,
					"the credential returned a token that expired at " + accessToken.getExpiresAt(), null);
		}
		return accessToken;
	}

	private EntraIdAuthenticationException classify(Throwable failure) {
		return (failure instanceof EntraIdAuthenticationException authentication) ? authentication
				: this.diagnosis.diagnose(failure);
	}

	/** Puts a new token in use and schedules its refresh. */
	private HeldToken install(AccessToken accessToken, TokenRequestObservationContext observed) {
		String objectId = this.configuredUsername;
		if (objectId == null) {
			objectId = AccessTokenClaims.objectId(accessToken.getToken());
			if (objectId == null) {
				throw new EntraIdAuthenticationException(EntraIdAuthenticationException.Reason.NO_OBJECT_ID,
						"set azure.redis.username to the object id of the identity", null);
			}
		}
		HeldToken held = new HeldToken(accessToken.getToken(), objectId, now(),
				accessToken.getExpiresAt().toInstant());
		this.token = held;
		this.refreshes.incrementAndGet();
		OffsetDateTime refreshAt = accessToken.getRefreshAt();
		scheduleRefresh(this.schedule.afterRefresh(now(), held.expiresAt(),
				(refreshAt != null) ? refreshAt.toInstant() : null));
		observed.setResult(Result.REFRESHED);
		return held;
	}

	private Instant now() {
		return this.clock.instant();
	}

	/** Stops refreshing. Open connections keep their last token until the client shuts down. */
	@Override
	public void close() {
		this.closed = true;
		if (this.refresher instanceof ThreadPoolTaskScheduler own) {
			own.shutdown();
		}
	}

	@Override
	public String toString() {
		HeldToken held = this.token;
		return "EntraIdTokenManager[objectId=" + ((held != null) ? held.objectId() : "none") + ", expiresAt="
				+ ((held != null) ? held.expiresAt() : "none") + "]";
	}

	/** The token in use, and the credentials Redisson gets for it. Its {@code toString} leaves the token out. */
	private record HeldToken(String value, String objectId, Instant obtainedAt, Instant expiresAt,
			CompletableFuture<Credentials> credentials) {

		HeldToken(String value, String objectId, Instant obtainedAt, Instant expiresAt) {
			this(value, objectId, obtainedAt, expiresAt,
					CompletableFuture.completedFuture(new Credentials(objectId, value)));
		}

		@Override
		public String toString() {
			return "HeldToken[objectId=" + this.objectId + ", expiresAt=" + this.expiresAt + "]";
		}

	}

}
