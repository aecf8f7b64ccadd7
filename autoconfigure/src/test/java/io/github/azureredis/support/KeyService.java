package io.github.azureredis.support;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.Cacheable;

/**
 * Cached methods whose keys have equal string forms, all in one cache, counting how often their bodies run.
 */
public class KeyService {

	private final AtomicInteger calls = new AtomicInteger();

	@Cacheable("keys")
	public String byLong(Long id) {
		return "long " + id + " #" + this.calls.incrementAndGet();
	}

	@Cacheable("keys")
	public String byString(String id) {
		return "string " + id + " #" + this.calls.incrementAndGet();
	}

	@Cacheable("keys")
	public String byRecord(Isbn isbn) {
		return "record " + isbn + " #" + this.calls.incrementAndGet();
	}

	@Cacheable("keys")
	public String byTwo(String first, String second) {
		return "two " + first + "|" + second + " #" + this.calls.incrementAndGet();
	}

	@Cacheable("keys")
	public String byOpaque(Opaque key) {
		return "opaque #" + this.calls.incrementAndGet();
	}

	public int calls() {
		return this.calls.get();
	}

	/**
	 * A record key, not Serializable, as records used as keys often are.
	 *
	 * @param prefix the prefix
	 * @param number the number
	 */
	public record Isbn(String prefix, long number) {
	}

	/**
	 * A key class with equals but without its own toString (nor a constructor taking a single String, which Spring's
	 * conversion service would take as a way to convert it to a String, by Object's toString).
	 */
	public static final class Opaque {

		private final String value;

		private final int version;

		public Opaque(String value, int version) {
			this.value = value;
			this.version = version;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Opaque opaque && opaque.value.equals(this.value) && opaque.version == this.version;
		}

		@Override
		public int hashCode() {
			return this.value.hashCode() + this.version;
		}

	}

}
