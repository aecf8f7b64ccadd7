package io.github.azureredis.jcache;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A JCache key read from Redis that {@link JCacheKeys} cannot read: it writes back its own bytes, so that the entry
 * can be removed (Redisson's {@code removeAll} reads the keys it removes), and iteration skips it.
 *
 * @author Azure Redis Cache contributors
 */
final class UnreadableKey {

	private final byte[] bytes;

	UnreadableKey(byte[] bytes) {
		this.bytes = bytes.clone();
	}

	byte[] bytes() {
		return this.bytes.clone();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof UnreadableKey key && Arrays.equals(this.bytes, key.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return "unreadable key of " + this.bytes.length + " bytes";
	}

}
