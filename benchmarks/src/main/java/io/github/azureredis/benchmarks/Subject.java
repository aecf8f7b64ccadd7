package io.github.azureredis.benchmarks;

/**
 * What a variant offers the benchmark: a cached read (a hit when the key is cached, a miss that computes and stores
 * it otherwise) and a write.
 */
interface Subject extends AutoCloseable {

	Item read(String key);

	void write(String key);

	@Override
	void close();

}
