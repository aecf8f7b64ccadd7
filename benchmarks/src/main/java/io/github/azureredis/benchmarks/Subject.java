package io.github.azureredis.benchmarks;

/**
 * What a variant offers the benchmark: a cached read (a hit when the key is cached, a miss that computes and stores
 * it otherwise) and a write.
 */
interface Subject extends AutoCloseable {

	Item read(String key);

	void write(String key);

	/**
	 * Reads a large cached value.
	 * @param key the key
	 * @return its size
	 */
	default int readLarge(String key) {
		throw new UnsupportedOperationException("No large values in this variant");
	}

	/**
	 * Writes a large value.
	 * @param key the key
	 */
	default void writeLarge(String key) {
		throw new UnsupportedOperationException("No large values in this variant");
	}

	@Override
	void close();

}
