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
		CLEAR;

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
		ERROR;

		/** @return the tag value */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
