package io.github.azureredis.benchmarks;

/**
 * What a variant offers the benchmark: a cached read (a hit when the key is cached, a miss that computes and stores
 * it otherwise) and a write; a Spring cache also reads through {@code @Cacheable(sync = true)} methods.
 */
interface Subject extends AutoCloseable {

	Item read(String key);

	void write(String key);

	/** @return whether it is a Spring cache, which offers {@link #readOnce} and {@link #query} */
	default boolean isSpringCache() {
		return false;
	}

	/**
	 * Reads as {@link #read} does, through a {@code @Cacheable(sync = true)} method ({@link Catalog#findOnce}).
	 * @param key the key
	 * @return the value
	 */
	default Item readOnce(String key) {
		throw new UnsupportedOperationException("No @Cacheable(sync = true) in this variant");
	}

	/**
	 * Reads a key of the hot key's slow method ({@link Catalog#query}).
	 * @param key the key
	 * @return the value
	 */
	default Item query(String key) {
		throw new UnsupportedOperationException("No @Cacheable(sync = true) in this variant");
	}

	/** @return how many times the hot key's method ran */
	default long queries() {
		throw new UnsupportedOperationException("No @Cacheable(sync = true) in this variant");
	}

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
