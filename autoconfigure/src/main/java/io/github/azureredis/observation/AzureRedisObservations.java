package io.github.azureredis.observation;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import io.github.azureredis.observation.CacheOperationContext.Operation;
import io.github.azureredis.observation.CacheOperationContext.Result;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Starts and stops the starter's observations on an {@link ObservationRegistry}, with the application's conventions
 * where it defines them. {@link #none()} observes nothing and costs a field read per call: the caches, the token
 * manager and the maintenance listener use it when the application has no {@code ObservationRegistry} bean.
 * <p>
 * Spring's own instrumented clients take an {@code ObservationRegistry} the same way; this adds the starter's
 * contexts, so that the cache and command code does not repeat the start, scope, error and stop steps.
 *
 * @author Azure Redis Cache contributors
 */
public final class AzureRedisObservations {

	private static final AzureRedisObservations NONE = new AzureRedisObservations(ObservationRegistry.NOOP, null, null,
			null, null, false);

	private static final CacheOperationObservationConvention DEFAULT_CACHE_OPERATION = new DefaultCacheOperationObservationConvention();

	private static final RedisCommandObservationConvention DEFAULT_REDIS_COMMAND = new DefaultRedisCommandObservationConvention();

	private static final TokenRequestObservationConvention DEFAULT_TOKEN_REQUEST = new DefaultTokenRequestObservationConvention();

	private static final ReauthenticationObservationConvention DEFAULT_REAUTHENTICATION = new DefaultReauthenticationObservationConvention();

	private final ObservationRegistry registry;

	private final boolean active;

	private final boolean commandsObserved;

	private final @Nullable CacheOperationObservationConvention cacheOperationConvention;

	private final @Nullable RedisCommandObservationConvention redisCommandConvention;

	private final @Nullable TokenRequestObservationConvention tokenRequestConvention;

	private final @Nullable ReauthenticationObservationConvention reauthenticationConvention;

	/**
	 * Creates the observations of a registry.
	 * @param registry the registry
	 * @param cacheOperationConvention the application's convention for cache operations, or {@code null}
	 * @param redisCommandConvention the application's convention for Redis commands, or {@code null}
	 * @param tokenRequestConvention the application's convention for token requests, or {@code null}
	 * @param reauthenticationConvention the application's convention for re-authentications, or {@code null}
	 * @param commandsObserved whether each Redis command a cache operation sends is observed too, as its child; if
	 * not, a cache operation is one observation, and only a load is put in scope ({@link #inScope})
	 */
	public AzureRedisObservations(ObservationRegistry registry,
			@Nullable CacheOperationObservationConvention cacheOperationConvention,
			@Nullable RedisCommandObservationConvention redisCommandConvention,
			@Nullable TokenRequestObservationConvention tokenRequestConvention,
			@Nullable ReauthenticationObservationConvention reauthenticationConvention, boolean commandsObserved) {
		this.registry = registry;
		this.active = !registry.isNoop();
		this.commandsObserved = this.active && commandsObserved;
		this.cacheOperationConvention = cacheOperationConvention;
		this.redisCommandConvention = redisCommandConvention;
		this.tokenRequestConvention = tokenRequestConvention;
		this.reauthenticationConvention = reauthenticationConvention;
	}

	/** @return observations that observe nothing */
	public static AzureRedisObservations none() {
		return NONE;
	}

	/** @return whether anything is observed */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * The observation in scope on the calling thread, for work that another thread does on its behalf (a batch of
	 * coalesced reads is sent by whichever thread completes the command before it).
	 * @return the current observation, or {@code null}
	 */
	public @Nullable Observation current() {
		return this.commandsObserved ? this.registry.getCurrentObservation() : null;
	}

	/**
	 * Runs a cache operation as an observation, in scope when anything it calls may be observed as its child ({@link
	 * #inScope}).
	 * @param <T> the type of its result
	 * @param cacheName the cache name
	 * @param operation the operation
	 * @param call the operation
	 * @param result the outcome of a completed call
	 * @return what the call returned
	 */
	public <T extends @Nullable Object> T cacheOperation(String cacheName, Operation operation, Supplier<T> call,
			Function<? super T, Result> result) {
		if (!this.active) {
			return call.get();
		}
		return observe(AzureRedisObservation.CACHE_OPERATION, this.cacheOperationConvention, DEFAULT_CACHE_OPERATION,
				new CacheOperationContext(cacheName, operation), inScope(operation), (context) -> {
					T value = call.get();
					context.setResult(result.apply(value));
					return value;
				}, (context) -> context.setResult(Result.ERROR));
	}

	/**
	 * Whether an operation's observation is put in scope: a load runs the application's method and the reads and writes
	 * it takes, all observed as its children; other operations only send commands, observed if asked for, and a hit
	 * need not pay for a scope no one uses.
	 */
	private boolean inScope(Operation operation) {
		return this.commandsObserved || operation == Operation.LOAD;
	}

	/**
	 * Runs an asynchronous cache operation as an observation that stops when its future completes.
	 * @param <T> the type of its result
	 * @param cacheName the cache name
	 * @param operation the operation
	 * @param call starts the operation
	 * @param result the outcome of a completed call
	 * @return the future of the operation, completed once the observation stopped
	 */
	public <T extends @Nullable Object> CompletableFuture<T> cacheOperationAsync(String cacheName, Operation operation,
			Supplier<CompletableFuture<T>> call, Function<? super T, Result> result) {
		if (!this.active) {
			return call.get();
		}
		CacheOperationContext context = new CacheOperationContext(cacheName, operation);
		Observation observation = AzureRedisObservation.CACHE_OPERATION
			.observation(this.cacheOperationConvention, DEFAULT_CACHE_OPERATION, () -> context, this.registry);
		return observeAsync(observation, inScope(operation), call,
				(value, failure) -> context.setResult((failure != null) ? Result.ERROR : result.apply(value)));
	}

	/**
	 * Sends a Redis command as an observation that stops when its reply (or failure) arrives, if commands are
	 * observed.
	 * @param <T> the type of the reply
	 * @param command the command name
	 * @param node finds the node it goes to; called only when observing
	 * @param keys how many keys it carries
	 * @param parent the observation it is done for, or {@code null} for the one in scope
	 * @param send sends it
	 * @return the future of the reply, completed once the observation stopped when commands are observed
	 */
	public <T extends @Nullable Object> CompletableFuture<T> command(String command,
			Supplier<@Nullable InetSocketAddress> node, int keys, @Nullable Observation parent,
			Supplier<CompletableFuture<T>> send) {
		if (!this.commandsObserved) {
			return send.get();
		}
		RedisCommandContext context = new RedisCommandContext(command, node.get(), keys);
		Observation observation = AzureRedisObservation.REDIS_COMMAND
			.observation(this.redisCommandConvention, DEFAULT_REDIS_COMMAND, () -> context, this.registry);
		if (parent != null) {
			observation.parentObservation(parent);
		}
		return observeAsync(observation, false, send, (value, failure) -> {
		});
	}

	/**
	 * Starts an observation and, in scope if asked, the call it observes; it stops when the call's future completes
	 * (or the call throws), after {@code record} noted the outcome on its context.
	 */
	private static <T extends @Nullable Object> CompletableFuture<T> observeAsync(Observation observation,
			boolean inScope, Supplier<CompletableFuture<T>> call,
			BiConsumer<? super @Nullable T, ? super @Nullable Throwable> record) {
		observation.start();
		CompletableFuture<T> future;
		try (Observation.Scope scope = inScope ? observation.openScope() : null) {
			future = call.get();
		}
		catch (RuntimeException | Error ex) {
			record.accept(null, ex);
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		return stoppedFirst(future, (value, failure) -> {
			record.accept(value, failure);
			if (failure != null) {
				observation.error(unwrap(failure));
			}
			observation.stop();
		});
	}

	/**
	 * The future to hand on for an observed one: it completes only once the observation stopped, so that what the
	 * caller does next (its own operation stopping, a reader of the recorded observations) comes after it, as a
	 * child span ends before its parent. Giving it up (a cancel, a timeout) gives up the observed future, which is how
	 * Redisson learns to stop retrying a command.
	 */
	private static <T extends @Nullable Object> CompletableFuture<T> stoppedFirst(CompletableFuture<T> observed,
			BiConsumer<? super T, ? super Throwable> stop) {
		CompletableFuture<T> handedOn = new CompletableFuture<>();
		// Not handedOn = observed.whenComplete(stop): the stop would be skipped once handedOn is given up.
		observed.whenComplete((value, failure) -> {
			stop.accept(value, failure);
			if (failure != null) {
				handedOn.completeExceptionally(failure);
			}
			else {
				handedOn.complete(value);
			}
		});
		handedOn.whenComplete((value, failure) -> {
			if (!observed.isDone()) {
				observed.cancel(false);
			}
		});
		return handedOn;
	}

	/**
	 * Runs a token request as an observation, in scope so that the re-authentication it leads to is its child. The
	 * request reports its outcome (and its failure, with {@link Observation.Context#setError}) on the context.
	 * @param <T> the type of its result
	 * @param request the request
	 * @return what the request returned
	 */
	public <T extends @Nullable Object> T tokenRequest(Function<TokenRequestObservationContext, T> request) {
		TokenRequestObservationContext context = new TokenRequestObservationContext();
		if (!this.active) {
			return request.apply(context);
		}
		return observe(AzureRedisObservation.TOKEN_REQUEST, this.tokenRequestConvention, DEFAULT_TOKEN_REQUEST, context,
				true, request, (failed) -> failed.setResult(TokenRequestObservationContext.Result.FAILED));
	}

	/**
	 * Runs the re-authentication of open connections as an observation.
	 * @param reauthentication re-authenticates them and returns how many there were
	 * @return how many connections were re-authenticated
	 */
	public int reauthentication(ToIntFunction<ReauthenticationContext> reauthentication) {
		ReauthenticationContext context = new ReauthenticationContext();
		if (!this.active) {
			return reauthentication.applyAsInt(context);
		}
		return observe(AzureRedisObservation.REAUTHENTICATION, this.reauthenticationConvention,
				DEFAULT_REAUTHENTICATION, context, true, (observed) -> {
					int connections = reauthentication.applyAsInt(observed);
					observed.setConnections(connections);
					return connections;
				}, (failed) -> {
				});
	}

	/**
	 * Runs a call as a started observation, in scope if asked (so that what the call observes is its child), stopped
	 * when it returns or throws.
	 */
	private <C extends Observation.Context, T extends @Nullable Object> T observe(AzureRedisObservation documentation,
			@Nullable ObservationConvention<C> customConvention, ObservationConvention<C> defaultConvention, C context,
			boolean inScope, Function<C, T> call, Consumer<C> onError) {
		Observation observation = documentation
			.observation(customConvention, defaultConvention, () -> context, this.registry)
			.start();
		try (Observation.Scope scope = inScope ? observation.openScope() : null) {
			return call.apply(context);
		}
		catch (RuntimeException | Error ex) {
			onError.accept(context);
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
