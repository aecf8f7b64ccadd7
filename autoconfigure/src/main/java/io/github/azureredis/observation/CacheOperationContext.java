package io.github.azureredis.observation;

import java.util.Locale;

import io.micrometer.observation.Observation;

/**
 * What is known of a cache operation for its observation.
 *
 * @author Azure Redis Cache contributors
 */
public class CacheOperationContext extends Observation.Context {

	private final String cacheName;

	private final Operation operation;

	private Result result = Result.SUCCESS;

	/**
	 * Creates a context.
	 * @param cacheName the cache name
	 * @param operation the operation
	 */
	public CacheOperationContext(String cacheName, Operation operation) {
		this.cacheName = cacheName;
		this.operation = operation;
	}

	/** @return the cache name */
	public String getCacheName() {
		return this.cacheName;
	}

	/** @return the operation */
	public Operation getOperation() {
		return this.operation;
	}

	/** @return the outcome, known once the operation has completed */
	public Result getResult() {
		return this.result;
	}

	/**
	 * Sets the outcome.
	 * @param result the outcome
	 */
	public void setResult(Result result) {
		this.result = result;
	}

	/**
	 * Cache operations.
	 */
	public enum Operation {

		/** A read: {@code Cache.get}, {@code retrieve}, the read of {@code @Cacheable}. */
		GET,

		/** A write: {@code put}, {@code putIfAbsent}, {@code @CachePut}, the write of {@code @Cacheable}. */
		PUT,

		/** A removal of one key: {@code evict}, {@code evictIfPresent}, {@code @CacheEvict}. */
		EVICT,

		/** A removal of every key of the cache: {@code clear}, {@code invalidate}, {@code @CacheEvict(allEntries)}. */
		CLEAR,

		/**
		 * The load of a value by a {@code @Cacheable(sync = true)} method on a miss, a stale entry or a refresh ahead
		 * of expiry, with the reads and writes it takes (a lease, the value's write) as its children.
		 */
		LOAD;

		/** @return the tag value */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Outcomes of a cache operation.
	 */
	public enum Result {

		/** A read found a value. */
		HIT,

		/** A read found none. */
		MISS,

		/** A write, eviction or clear completed. */
		SUCCESS,

		/** The operation failed. */
		ERROR,

		/** A load computed the value without a lease. */
		LOADED,

		/** A load held the key's lease, computed the value and wrote it. */
		LEADER,

		/** A load waited for another instance's value. */
		WAITED,

		/** A load computed the value without writing it: Redis did not answer. */
		COMPUTED_LOCALLY,

		/** A load waited its cache's longest wait for another instance, then computed the value. */
		MAX_WAIT,

		/** A load served a stale value: the method failed or outlasted its soft timeout, or Redis did not answer. */
		STALE,

		/** A refresh ahead of expiry computed and wrote the value. */
		REFRESHED;

		/** @return the tag value */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
