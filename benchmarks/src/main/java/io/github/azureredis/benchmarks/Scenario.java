package io.github.azureredis.benchmarks;

/**
 * What one measured call does.
 */
enum Scenario {

	/** Reads one of 1000 cached keys. */
	HIT,

	/** Reads a key never read before: a miss, the method runs, the value is stored. */
	MISS,

	/** Writes one of 1000 keys ({@code @CachePut}). */
	PUT,

	/** Hits (as {@link #HIT}) while another thread reads a 20 MB cached value over and over, on the same node. */
	LARGE_READ,

	/** Hits (as {@link #HIT}) while another thread writes a 20 MB value over and over, on the same node. */
	LARGE_WRITE,

	/** {@link #HIT} through a {@code @Cacheable(sync = true)} method: Spring variants only. */
	SYNC_HIT,

	/** {@link #MISS} through a {@code @Cacheable(sync = true)} method: Spring variants only. */
	SYNC_MISS,

	/**
	 * One hot key of a {@code @Cacheable(sync = true)} method that takes {@link Catalog#QUERY_TIME}, its entries
	 * living {@link Catalog#HOT_TIME_TO_LIVE}, read by 8 threads for 5 times that: the latency of the calls around
	 * its expiries. Spring variants only.
	 */
	HOT_KEY_EXPIRY;

	/** @return whether it calls {@code @Cacheable(sync = true)} methods, which only Spring variants offer */
	boolean needsSpringCache() {
		return this == SYNC_HIT || this == SYNC_MISS || this == HOT_KEY_EXPIRY;
	}

}
