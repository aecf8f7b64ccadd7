package io.github.azureredis.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.azureredis.cache.CacheStore.ValueWithLife;
import io.github.azureredis.cache.LoadOutcomes.Outcome;
import io.github.azureredis.observation.CacheOperationContext.Operation;
import io.github.azureredis.observation.CacheOperationContext.Result;
import io.github.azureredis.values.ValueRules;
import io.github.azureredis.values.UncacheableValueException;
import io.github.azureredis.values.UncacheableValues;
import io.github.azureredis.values.WarningInterval;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.interceptor.CacheOperationInvoker;
import org.springframework.cache.support.SimpleValueWrapper;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter.TtlFunction;

/**
 * Spring Data's {@link RedisCache} (one key per entry, native expiry, Spring Boot's key names and semantics) with
 * what the starter adds:
 * <ul>
 * <li>{@code @Cacheable(sync = true)}: concurrent misses of one key in this instance wait for a single call of the
 * method instead of each calling it, and, with a lease per key in Redis ({@link KeyLeases}), so do the instances;
 * misses of other {@code @Cacheable} methods too, where the cache's {@code lease.without-sync} says so;</li>
 * <li>for {@code sync = true} methods, by the cache's {@link LoadPolicy}: a stale value that stands in for a failing
 * or slow method (fail-safe, soft timeout), and entries refreshed in the background before they expire
 * (refresh-ahead), once across the instances under the key's lease;</li>
 * <li>an optional {@link NearCache} of local copies;</li>
 * <li>pipelined fills: the write after a miss leaves without the caller waiting for its reply, while this
 * instance's other calls on the key wait for it ({@link PendingFills}); a {@code @CachePut}, an eviction and a clear
 * complete before they return;</li>
 * <li>values that are not cached rather than fail the call: larger than the maximum value size, or not writable
 * in a form that reads back as it was ({@link UncacheableValueException}); the key's older entry is evicted so that
 * it is not served stale, and {@link UncacheableValues} counts them and warns once per class.</li>
 * </ul>
 * Which values are refused, and that an unreadable stored value is a miss (which the method's value then replaces),
 * is the value format's ({@link ValueRules}), in the serialization pair of the cache's configuration.
 *
 * @author Azure Redis Cache contributors
 */
public class AzureRedisCache extends RedisCache {

	private static final Logger logger = LoggerFactory.getLogger(AzureRedisCache.class);

	private static final int MOST_HELD_LEASES = 64;

	private final AzureRedisCacheWriter writer;

	private final @Nullable NearCache nearCache;

	private final UncacheableValues uncacheable;

	private final @Nullable KeyLeases leases;

	private final KeyLeases.@Nullable Settings leaseSettings;

	private final LoadPolicy policy;

	private final PendingFills fills;

	/**
	 * The shortest time to live an entry is written with (as configured, less any jitter, before the fail-safe
	 * extension): what refresh-ahead is a fraction of, so that no entry is due for a refresh as it is written.
	 */
	private final TtlFunction timeToLive;

	private final LoadOutcomes outcomes;

	private final Supplier<Executor> background;

	private final Map<String, CompletableFuture<@Nullable Object>> loading = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<@Nullable Object>> loadingInBackground = new ConcurrentHashMap<>();

	/** Loads left running in the background by a soft timeout, whose failure is being counted. */
	private final Set<CompletableFuture<@Nullable Object>> leftInBackground = ConcurrentHashMap.newKeySet();

	/** Refreshes ahead of expiry under way in this instance; their results are not values, so they have a map apart. */
	private final Map<String, CompletableFuture<@Nullable Object>> refreshing = new ConcurrentHashMap<>();

	/** The leases this instance's threads took on misses without {@code sync}, until the method's value is put. */
	private final ThreadLocal<Map<String, HeldLease>> heldLeases = ThreadLocal.withInitial(HashMap::new);

	private final WarningInterval staleWarnings = new WarningInterval(Duration.ofSeconds(10));

	private final WarningInterval refreshWarnings = new WarningInterval(Duration.ofSeconds(10));

	AzureRedisCache(String name, AzureRedisCacheWriter writer, RedisCacheConfiguration cacheConfiguration,
			@Nullable NearCache nearCache, UncacheableValues uncacheable, @Nullable KeyLeases leases,
			KeyLeases.@Nullable Settings leaseSettings, LoadPolicy policy, PendingFills fills, LoadOutcomes outcomes,
			Supplier<Executor> background) {
		super(name, writer, policy.applyTo(cacheConfiguration));
		this.writer = writer;
		this.nearCache = nearCache;
		this.uncacheable = uncacheable;
		this.leases = (leaseSettings != null) ? leases : null;
		this.leaseSettings = leaseSettings;
		this.policy = policy;
		this.fills = fills;
		TtlFunction configured = cacheConfiguration.getTtlFunction();
		this.timeToLive = (configured instanceof TtlJitter jitter) ? jitter.shortest() : configured;
		this.outcomes = outcomes;
		this.background = background;
	}

	/** @return whether this cache keeps local copies of entries */
	public boolean isNearCached() {
		return this.nearCache != null;
	}

	/** @return the number of local copies, 0 without near cache */
	public long localSize() {
		return (this.nearCache != null) ? this.nearCache.size(getName()) : 0;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		awaitFill(key);
		NearCache near = this.nearCache;
		if (near == null) {
			return super.lookup(key);
		}
		String cacheKey = createCacheKey(key);
		Object local = near.get(getName(), cacheKey, this::deserializeCacheValue);
		if (local != null) {
			this.writer.recordLocalHit(getName());
			return local;
		}
		long stamp = near.stamp(cacheKey);
		long readAt = System.nanoTime();
		ValueWithLife stored = this.writer.getWithLife(getName(), serializeCacheKey(cacheKey));
		if (stored == null || this.policy.isStale(stored.remainingLife())) {
			return null;
		}
		Object value = deserializeCacheValue(stored.value());
		if (value != null) {
			keepLocal(near, cacheKey, value, stored, timeToLiveOfPolicy(key, value), readAt, stamp);
		}
		return value;
	}

	/**
	 * Keeps a local copy of a fresh entry, served no longer than it stays fresh and not yet due for a refresh, and
	 * kept as a stale value for fail-safe until its end in Redis. The time to live as configured is what the refresh
	 * point is of; {@code null} for a cache without fail-safe or refresh-ahead.
	 */
	private void keepLocal(NearCache near, String cacheKey, Object value, ValueWithLife stored,
			@Nullable Duration timeToLive, long readAt, long stamp) {
		Duration freshLife = (timeToLive != null)
				? this.policy.localLife(this.policy.freshFor(stored.remainingLife()), timeToLive)
				: stored.remainingLife();
		if (freshLife == null || (!freshLife.isZero() && !freshLife.isNegative())) {
			near.keep(getName(), cacheKey, value, stored.value(), stored.remainingLife(), freshLife, readAt, stamp);
		}
	}

	/** The entry's time to live as configured when the cache's policy needs it, else {@code null}. */
	private @Nullable Duration timeToLiveOfPolicy(Object key, Object storeValue) {
		return this.policy.isActive() ? this.timeToLive.getTimeToLive(key, fromStoreValue(storeValue)) : null;
	}

	/**
	 * A read for Spring's {@code @Cacheable} without {@code sync}; with {@code lease.without-sync}, a miss takes the
	 * key's lease, or waits for the instance that holds it: the caller that gets the lease gets the miss, and its
	 * {@link #put} of the method's value releases the lease; the callers that waited get that value as a hit.
	 */
	@Override
	public @Nullable ValueWrapper get(Object key) {
		ValueWrapper found = stored(key);
		KeyLeases leases = this.leases;
		KeyLeases.Settings settings = this.leaseSettings;
		if (found != null || leases == null || settings == null || !settings.withoutSync()) {
			this.fills.read(key, found == null);
			return found;
		}
		this.fills.forgetMiss();
		String cacheKey = createCacheKey(key);
		HeldLease own = this.heldLeases.get().get(cacheKey);
		if (own != null && own.isLive()) {
			// This thread computes the key already (its put waits for a commit, say): it must not wait for itself.
			return null;
		}
		Duration staleFor = (this.policy.failSafe() != null) ? this.policy.failSafe() : Duration.ZERO;
		return leases.load(getName(), serializeCacheKey(cacheKey), settings, staleFor,
				new KeyLeases.LeasedLoad<ValueWrapper>() {

					@Override
					public @Nullable ValueWrapper read() {
						ValueWrapper written = stored(key);
						// The load returns what the wrapper holds: here, the entry's own wrapper.
						return (written != null) ? new SimpleValueWrapper(written) : null;
					}

					@Override
					public @Nullable ValueWrapper computeAndWrite(KeyLeases.@Nullable Lease lease) {
						if (lease != null) {
							Map<String, HeldLease> held = AzureRedisCache.this.heldLeases.get();
							if (held.size() >= MOST_HELD_LEASES) {
								// Leases of methods that threw, or whose values were not cached: they expire.
								held.clear();
							}
							held.put(cacheKey, new HeldLease(lease, System.nanoTime() + lease.duration().toNanos()));
						}
						return null;
					}

					@Override
					public @Nullable ValueWrapper computeLocally() {
						return null;
					}

				});
	}

	/** The entry, read as Spring Data's cache reads it, without taking a lease. */
	private @Nullable ValueWrapper stored(Object key) {
		return super.get(key);
	}

	/**
	 * Calls the loader once per key in this instance while others wait for its result
	 * ({@code @Cacheable(sync = true)}). The first caller of a key reads Redis, once, and loads on a miss; callers
	 * that arrive meanwhile wait for what it found or loaded, and count as hits. With leases, a miss loads once
	 * across the instances: the first caller takes the key's lease and loads, or waits for the instance that has it.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		String cacheKey = createCacheKey(key);
		NearCache near = this.nearCache;
		if (near != null) {
			Object local = near.get(getName(), cacheKey, this::deserializeCacheValue);
			if (local != null) {
				this.writer.recordLocalHit(getName());
				return (T) fromStoreValue(local);
			}
		}
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> leader = this.loading.putIfAbsent(cacheKey, mine);
		if (leader != null) {
			Object shared = join(leader);
			this.writer.recordLocalHit(getName());
			return (T) fromStoreValue(shared);
		}
		Object value;
		try {
			value = readOrLoad(key, cacheKey, valueLoader);
		}
		catch (RuntimeException | Error ex) {
			this.loading.remove(cacheKey, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
		// Removed before it completes: only the callers that came while it was under way share the result; a later one
		// reads again (a write may have come in between).
		this.loading.remove(cacheKey, mine);
		mine.complete(toStoreValue(value));
		return (T) value;
	}

	private @Nullable Object readOrLoad(Object key, String cacheKey, Callable<?> valueLoader) {
		if (this.policy.isActive()) {
			return getWithPolicy(key, cacheKey, valueLoader);
		}
		ValueWrapper stored = stored(key);
		return (stored != null) ? stored.get() : observedLoad(() -> loadOnce(key, cacheKey, valueLoader));
	}

	/**
	 * A {@code sync} read with the entry's life: a fresh entry is returned (and refreshed in the background when due),
	 * a missing one loaded, and a stale one loaded with its value as the fallback.
	 */
	private @Nullable Object getWithPolicy(Object key, String cacheKey, Callable<?> valueLoader) {
		awaitFill(key);
		NearCache near = this.nearCache;
		long stamp = (near != null) ? near.stamp(cacheKey) : 0;
		long readAt = System.nanoTime();
		ValueWithLife stored;
		try {
			stored = this.writer.getWithLife(getName(), serializeCacheKey(cacheKey));
		}
		catch (RuntimeException unavailable) {
			Object local = (near != null && this.policy.failSafe() != null)
					? near.getFreshOrStale(getName(), cacheKey, this::deserializeCacheValue) : null;
			if (local == null) {
				throw unavailable;
			}
			return servedStale(fromStoreValue(local), null, null, unavailable);
		}
		Object found = (stored != null) ? deserializeCacheValue(stored.value()) : null;
		if (stored == null || found == null) {
			return observedLoad(() -> loadOnce(key, cacheKey, valueLoader));
		}
		Object value = fromStoreValue(found);
		Duration freshFor = this.policy.freshFor(stored.remainingLife());
		if (!this.policy.isStale(stored.remainingLife())) {
			Duration timeToLive = this.timeToLive.getTimeToLive(key, value);
			if (near != null) {
				keepLocal(near, cacheKey, found, stored, timeToLive, readAt, stamp);
			}
			if (this.policy.isRefreshDue(freshFor, timeToLive)) {
				refreshAhead(key, cacheKey, valueLoader, timeToLive);
			}
			return value;
		}
		return observedLoad(() -> loadOrStale(key, cacheKey, valueLoader, value));
	}

	/**
	 * Observes a load ({@code operation=load}), its result the outcome the load recorded: under a lease, a stale
	 * value served, or else computed without a lease.
	 */
	private <T extends @Nullable Object> T observedLoad(Supplier<T> load) {
		this.outcomes.takeLastOnThread();
		return this.writer.observations().cacheOperation(getName(), Operation.LOAD, load, (ignored) -> {
			Outcome outcome = this.outcomes.takeLastOnThread();
			return (outcome != null) ? loadResult(outcome) : Result.LOADED;
		});
	}

	private static Result loadResult(Outcome outcome) {
		return switch (outcome) {
			case LEADER -> Result.LEADER;
			case WAITED -> Result.WAITED;
			case COMPUTED_LOCALLY -> Result.COMPUTED_LOCALLY;
			case MAX_WAIT -> Result.MAX_WAIT;
			case STALE -> Result.STALE;
			case REFRESHED -> Result.REFRESHED;
			case REFRESH_FAILED -> Result.ERROR;
		};
	}

	/**
	 * Loads a stale entry again; should the method fail, or outlast the soft timeout (it then finishes in the
	 * background, and its value is written), the stale value is served. A failure of Redis is not the method's: it
	 * reaches the caller as without fail-safe.
	 */
	private @Nullable Object loadOrStale(Object key, String cacheKey, Callable<?> valueLoader,
			@Nullable Object stale) {
		Duration softTimeout = this.policy.softTimeout();
		if (softTimeout == null) {
			try {
				return loadOnce(key, cacheKey, valueLoader);
			}
			catch (ValueRetrievalException ex) {
				return servedStale(stale, ex, null);
			}
		}
		CompletableFuture<@Nullable Object> load = inBackground(this.loadingInBackground, cacheKey,
				() -> loadOnce(key, cacheKey, valueLoader), false);
		try {
			return load.get(softTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			countFailureOnce(load);
			return servedStale(stale, null, softTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			countFailureOnce(load);
			return servedStale(stale, null, softTimeout);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof ValueRetrievalException failed) {
				return servedStale(stale, failed, null);
			}
			throw rethrown(ex.getCause());
		}
	}

	/** Counts the failure of a load left running in the background once, however many callers it outlasted. */
	private void countFailureOnce(CompletableFuture<@Nullable Object> load) {
		if (this.leftInBackground.add(load)) {
			load.whenComplete((ignored, failure) -> {
				this.leftInBackground.remove(load);
				if (failure != null) {
					backgroundFailed(failure);
				}
			});
		}
	}

	private @Nullable Object servedStale(@Nullable Object stale, @Nullable ValueRetrievalException failure,
			@Nullable Duration softTimeout) {
		return servedStale(stale, failure, softTimeout, null);
	}

	private @Nullable Object servedStale(@Nullable Object stale, @Nullable ValueRetrievalException failure,
			@Nullable Duration softTimeout, @Nullable RuntimeException redisFailure) {
		this.outcomes.record(getName(), Outcome.STALE);
		if (this.staleWarnings.due()) {
			if (redisFailure != null) {
				logger.warn("Cache '{}' served a stale local copy: Redis did not answer ({})", getName(),
						redisFailure.getClass().getName());
			}
			else if (failure != null) {
				logger.warn("Cache '{}' served a stale value: the method failed ({}); later calls try it again",
						getName(), methodFailure(failure).getClass().getName());
				logger.debug("The method's failure", failure);
			}
			else {
				logger.warn("Cache '{}' served a stale value: the method took longer than the soft timeout ({}); "
						+ "it goes on in the background, and its value is written when it returns", getName(),
						softTimeout);
			}
		}
		return stale;
	}

	/**
	 * Recomputes a fresh entry near the end of its life, in the background, once across the instances: under the
	 * key's lease, which an instance takes only while the entry is still due (another instance may have refreshed
	 * it). The caller is not held up, nor told of a failure, which is counted and logged; with every background thread
	 * busy, the refresh is left to a later hit.
	 */
	private void refreshAhead(Object key, String cacheKey, Callable<?> valueLoader, Duration timeToLive) {
		if (this.refreshing.containsKey(cacheKey)) {
			return;
		}
		// Counted by the work itself: a hit that joins a refresh under way must not count it again.
		inBackground(this.refreshing, cacheKey, () -> {
			try {
				boolean refreshed = this.writer.observations()
					.cacheOperation(getName(), Operation.LOAD, () -> refresh(key, cacheKey, valueLoader, timeToLive),
							(done) -> done ? Result.REFRESHED : Result.SUCCESS);
				if (refreshed) {
					this.outcomes.record(getName(), Outcome.REFRESHED);
				}
				return refreshed;
			}
			catch (RuntimeException | Error ex) {
				backgroundFailed(ex);
				throw ex;
			}
		}, true);
	}

	/** @return whether this instance refreshed the entry, rather than leave it to the instance that holds its lease */
	private boolean refresh(Object key, String cacheKey, Callable<?> valueLoader, Duration timeToLive) {
		KeyLeases leases = this.leases;
		KeyLeases.Settings settings = this.leaseSettings;
		byte[] redisKey = serializeCacheKey(cacheKey);
		if (leases == null || settings == null || !leases.canLease(redisKey)) {
			put(key, loadCacheValue(key, valueLoader));
			return true;
		}
		KeyLeases.Lease lease = leases.takeForRefresh(getName(), redisKey, settings,
				this.policy.refreshedAbove(timeToLive));
		if (lease == null) {
			return false;
		}
		Object value;
		try {
			value = loadCacheValue(key, valueLoader);
		}
		catch (RuntimeException | Error ex) {
			leases.release(lease);
			throw ex;
		}
		putReleasing(key, value, leases, lease);
		return true;
	}

	private void backgroundFailed(Throwable failure) {
		this.outcomes.record(getName(), Outcome.REFRESH_FAILED);
		if (this.refreshWarnings.due()) {
			logger.warn("Cache '{}' could not recompute an entry in the background ({}); the entry expires as it "
					+ "would have", getName(), methodFailure(failure).getClass().getName());
			logger.debug("The background recomputation's failure", failure);
		}
	}

	/**
	 * Runs work on a key on the application's task executor, or joins the same work running in this instance. Should
	 * the executor refuse it (every thread busy), work that can wait for a later call is skipped (completes with
	 * {@code null}), and other work runs on the caller's thread.
	 */
	private CompletableFuture<@Nullable Object> inBackground(Map<String, CompletableFuture<@Nullable Object>> running,
			String cacheKey, Supplier<@Nullable Object> work, boolean skipIfRefused) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> already = running.putIfAbsent(cacheKey, mine);
		if (already != null) {
			return already;
		}
		Runnable task = () -> {
			try {
				mine.complete(work.get());
			}
			catch (Throwable ex) {
				mine.completeExceptionally(ex);
			}
			finally {
				running.remove(cacheKey, mine);
			}
		};
		try {
			this.background.get().execute(task);
		}
		catch (RejectedExecutionException ex) {
			if (skipIfRefused) {
				running.remove(cacheKey, mine);
				mine.complete(null);
			}
			else {
				task.run();
			}
		}
		return mine;
	}

	/** What the method threw, out of the wrappers of the cache and of Spring's cache interceptor. */
	private static Throwable methodFailure(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ValueRetrievalException
				|| cause instanceof CacheOperationInvoker.ThrowableWrapper) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static RuntimeException rethrown(@Nullable Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return new IllegalStateException(failure);
	}

	private <T> @Nullable T loadOnce(Object key, String cacheKey, Callable<T> valueLoader) {
		KeyLeases leases = this.leases;
		KeyLeases.Settings settings = this.leaseSettings;
		if (leases == null || settings == null) {
			boolean foundNoKey = this.fills.foundNoKey();
			T value = loadCacheValue(key, valueLoader);
			write(key, value, foundNoKey);
			return value;
		}
		Duration staleFor = (this.policy.failSafe() != null) ? this.policy.failSafe() : Duration.ZERO;
		return leases.load(getName(), serializeCacheKey(cacheKey), settings, staleFor, new KeyLeases.LeasedLoad<T>() {

			@Override
			public @Nullable ValueWrapper read() {
				return stored(key);
			}

			@Override
			public @Nullable T computeAndWrite(KeyLeases.@Nullable Lease lease) {
				T value;
				try {
					value = loadCacheValue(key, valueLoader);
				}
				catch (RuntimeException | Error ex) {
					if (lease != null) {
						leases.release(lease);
					}
					throw ex;
				}
				if (lease != null) {
					putReleasing(key, value, leases, lease);
				}
				else {
					put(key, value);
				}
				return value;
			}

			@Override
			public @Nullable T computeLocally() {
				return loadCacheValue(key, valueLoader);
			}

		});
	}

	/**
	 * {@link #put} of a value computed under a lease, which the same command releases; a value that is not cached,
	 * or a write that fails, releases the lease too.
	 */
	private void putReleasing(Object key, @Nullable Object value, KeyLeases leases, KeyLeases.Lease lease) {
		Object cacheValue = preProcessCacheValue(value);
		if (cacheValue == null) {
			leases.release(lease);
			// Fails as Spring Data's put does for a null that the cache does not allow.
			super.put(key, value);
			return;
		}
		forgetLocal(key);
		try {
			this.writer.putReleasing(getName(), lease.entryKey(), serializeCacheValue(cacheValue),
					getCacheConfiguration().getTtlFunction().getTimeToLive(key, value), leases, lease);
		}
		catch (UncacheableValueException ex) {
			leases.release(lease);
			skip(key, ex);
			return;
		}
		catch (RuntimeException ex) {
			leases.release(lease);
			throw ex;
		}
		invalidateLocal(key);
	}

	private static @Nullable Object join(CompletableFuture<@Nullable Object> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/**
	 * A write; the one after a miss of this thread ({@link PendingFills#isFill}) is a fill, whose reply the caller
	 * does not wait for.
	 */
	@Override
	public void put(Object key, @Nullable Object value) {
		boolean fill = this.fills.isFill(key);
		KeyLeases leases = this.leases;
		if (leases != null && this.leaseSettings != null && this.leaseSettings.withoutSync()) {
			HeldLease held = this.heldLeases.get().remove(createCacheKey(key));
			if (held != null) {
				awaitFill(key);
				putReleasing(key, value, leases, held.lease());
				return;
			}
		}
		write(key, value, fill);
	}

	private void write(Object key, @Nullable Object value, boolean fill) {
		awaitFill(key);
		forgetLocal(key);
		try {
			if (!fill) {
				super.put(key, value);
			}
			else if (sentFill(key, value)) {
				return;
			}
		}
		catch (UncacheableValueException ex) {
			skip(key, ex);
			return;
		}
		invalidateLocal(key);
	}

	/**
	 * Sends the fill of a miss without waiting for its reply, when the fills in flight leave room for it: stored
	 * unless the key has a value by now ({@link PendingFills}). Until it is acknowledged (and, with a near cache,
	 * the other instances told to drop their copies), this instance's calls on the key wait for it, so that none
	 * reads it half done or takes a local copy before. A fill that Redis refuses as full is counted as a refused put
	 * is, and deletes nothing: the miss found no entry, so one there now is newer. One that fails otherwise is
	 * counted and logged.
	 * @return {@code true} if it was sent without waiting; {@code false} if it was written as an awaited put
	 */
	private boolean sentFill(Object key, @Nullable Object value) {
		Object storeValue = preProcessCacheValue(value);
		if (storeValue == null) {
			// Fails as Spring Data's put does for a null that the cache does not allow.
			super.put(key, value);
			return false;
		}
		byte[] serialized = serializeCacheValue(storeValue);
		String cacheKey = createCacheKey(key);
		byte[] redisKey = serializeCacheKey(cacheKey);
		Duration timeToLive = getCacheConfiguration().getTtlFunction().getTimeToLive(key, value);
		int room = this.fills.reserve(serialized.length);
		if (room == 0) {
			this.writer.put(getName(), redisKey, serialized, timeToLive);
			return false;
		}
		CompletableFuture<Void> acknowledged = this.writer.fill(getName(), redisKey, serialized, timeToLive)
			.handle((ignored, failure) -> {
				Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (cause == null) {
					return invalidateLocalAsync(key);
				}
				if (cause instanceof UncacheableValueException redisFull) {
					this.uncacheable.record(getName(), redisFull);
				}
				else {
					this.uncacheable.recordFailedFill(getName(), cause);
				}
				return CompletableFuture.<Void>completedFuture(null);
			})
			.thenCompose((next) -> next)
			.exceptionally((invalidationFailed) -> null);
		this.fills.track(cacheKey, room, acknowledged);
		return true;
	}

	private void awaitFill(Object key) {
		if (this.fills.any()) {
			this.fills.await(createCacheKey(key));
		}
	}

	/** Waits for the fills under way, so that closing the application does not drop them. */
	void awaitFills() {
		this.fills.awaitAll();
	}

	/** A value read from Redis; {@code null} for one the value format could not read, which no fill may replace. */
	@Override
	protected @Nullable Object deserializeCacheValue(byte[] value) {
		Object deserialized = super.deserializeCacheValue(value);
		if (deserialized == null) {
			this.fills.unreadable();
		}
		return deserialized;
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		ValueWrapper existing;
		this.fills.forgetMiss();
		awaitFill(key);
		forgetLocal(key);
		try {
			existing = super.putIfAbsent(key, value);
		}
		catch (UncacheableValueException ex) {
			skip(key, ex);
			return null;
		}
		invalidateLocal(key);
		return existing;
	}

	/**
	 * The asynchronous {@code @Cacheable} path. Other instances are told to drop their copies only when the loader
	 * ran (a hit stores nothing), and a loaded value that is not cached (too large, not faithful) is returned
	 * uncached, as on the blocking path, with the key's older entry deleted. Nothing here blocks: it may run on
	 * Redisson's threads.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		CompletableFuture<?>[] loaded = new CompletableFuture<?>[1];
		Supplier<CompletableFuture<T>> loader = () -> {
			CompletableFuture<T> loading = valueLoader.get();
			loaded[0] = loading;
			return loading;
		};
		CompletableFuture<Void> fill = this.fills.any() ? this.fills.of(createCacheKey(key)) : null;
		CompletableFuture<T> value = (fill != null) ? fill.thenCompose((filled) -> super.retrieve(key, loader))
				: super.retrieve(key, loader);
		return value.handle((result, failure) -> {
			CompletableFuture<?> loading = loaded[0];
			Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
			if (loading != null && cause instanceof UncacheableValueException uncacheable) {
				this.uncacheable.record(getName(), uncacheable);
				// The loader's future has completed: its value was being serialized.
				T loadedValue = (T) loading.join();
				return removeAsync(key).thenCompose((ignored) -> invalidateLocalAsync(key))
					.thenApply((ignored) -> loadedValue);
			}
			if (failure != null) {
				return CompletableFuture.<T>failedFuture(failure);
			}
			// Only a loaded value was stored; a hit leaves the other instances' copies alone.
			return (loading != null) ? invalidateLocalAsync(key).thenApply((ignored) -> result)
					: CompletableFuture.completedFuture(result);
		}).thenCompose((next) -> next);
	}

	private CompletableFuture<Void> removeAsync(Object key) {
		return this.writer.removeAsync(getName(), serializeCacheKey(createCacheKey(key)));
	}

	private CompletableFuture<Void> invalidateLocalAsync(Object key) {
		NearCache near = this.nearCache;
		if (near == null) {
			return CompletableFuture.completedFuture(null);
		}
		return near.invalidateAsync(getName(), createCacheKey(key)).toCompletableFuture();
	}

	/** The asynchronous read of a {@code @Cacheable} method without {@code sync}: after a fill of the key under way. */
	@Override
	public CompletableFuture<@Nullable ValueWrapper> retrieve(Object key) {
		CompletableFuture<Void> fill = this.fills.any() ? this.fills.of(createCacheKey(key)) : null;
		return (fill != null) ? fill.thenCompose((filled) -> super.retrieve(key)) : super.retrieve(key);
	}

	@Override
	public void evict(Object key) {
		this.fills.forgetMiss();
		awaitFill(key);
		forgetLocal(key);
		super.evict(key);
		invalidateLocal(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		this.fills.forgetMiss();
		awaitFill(key);
		forgetLocal(key);
		boolean removed = super.evictIfPresent(key);
		invalidateLocal(key);
		return removed;
	}

	@Override
	public void clear() {
		clear("*");
	}

	/**
	 * Deletes the entries of this cache whose keys match a pattern. The cache's key prefix (its name, and
	 * {@code spring.cache.redis.key-prefix}) is matched literally: Spring Data's {@code RedisCache} puts it into the
	 * {@code SCAN} pattern as it is, so that a name such as {@code a*} or {@code tenant[1]} would clear other caches'
	 * entries and miss its own.
	 */
	@Override
	public void clear(String keyPattern) {
		this.fills.forgetMiss();
		this.fills.awaitAll();
		getCacheWriter().clear(getName(), serializeCacheKey(keyPattern(keyPattern)));
		invalidateAllLocal();
	}

	@Override
	public boolean invalidate() {
		this.fills.forgetMiss();
		this.fills.awaitAll();
		boolean removed = getCacheWriter().invalidate(getName(), serializeCacheKey(keyPattern("*")));
		invalidateAllLocal();
		return removed;
	}

	/** The {@code SCAN} pattern of this cache's keys that match a pattern: the key prefix escaped, then the pattern. */
	private String keyPattern(String pattern) {
		RedisCacheConfiguration configuration = getCacheConfiguration();
		return configuration.usePrefix() ? escapeGlob(configuration.getKeyPrefixFor(getName())) + pattern : pattern;
	}

	/** Escapes the characters Redis's glob-style patterns give a meaning: {@code * ? [ ] \}. */
	private static String escapeGlob(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	private void skip(Object key, UncacheableValueException ex) {
		// Not caching the new value must not leave the old one to be served.
		super.evict(key);
		invalidateLocal(key);
		this.uncacheable.record(getName(), ex);
	}

	// Before a write: no thread of this instance may read the old copy while the write is under way.
	private void forgetLocal(Object key) {
		if (this.nearCache != null) {
			this.nearCache.forget(getName(), createCacheKey(key));
		}
	}

	// After a write: drop the copy again (a read may have loaded the old value meanwhile) and tell the other
	// instances, waiting for them.
	private void invalidateLocal(Object key) {
		if (this.nearCache != null) {
			this.nearCache.invalidate(getName(), createCacheKey(key));
		}
	}

	private void invalidateAllLocal() {
		if (this.nearCache != null) {
			this.nearCache.invalidateAll(getName());
		}
	}

	/**
	 * A lease a thread took on a miss without {@code sync}, until the method's value is put.
	 *
	 * @param lease the lease
	 * @param expiresAt when it expires in Redis, by {@link System#nanoTime()}
	 */
	private record HeldLease(KeyLeases.Lease lease, long expiresAt) {

		boolean isLive() {
			return this.expiresAt - System.nanoTime() > 0;
		}

	}

}
