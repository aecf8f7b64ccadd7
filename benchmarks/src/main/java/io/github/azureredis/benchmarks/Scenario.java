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
	LARGE_WRITE

}
