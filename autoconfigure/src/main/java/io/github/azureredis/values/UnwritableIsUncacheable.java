package io.github.azureredis.values;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * A value the delegate cannot write (with Java serialization: a class that is not {@code Serializable}) becomes an
 * {@link UncacheableValueException}, so that the cache returns it uncached rather than failing the call. The
 * delegate's own {@link UncacheableValueException}s pass unchanged; reads are the delegate's.
 *
 * @author Azure Redis Cache contributors
 */
final class UnwritableIsUncacheable implements RedisSerializer<Object> {

	private final RedisSerializer<Object> delegate;

	UnwritableIsUncacheable(RedisSerializer<Object> delegate) {
		this.delegate = delegate;
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		try {
			return this.delegate.serialize(value);
		}
		catch (UncacheableValueException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (value == null) {
				throw ex;
			}
			// Spring Data's serialization pairs refuse what their serializer cannot take with an
			// IllegalStateException: also not cached.
			throw UncacheableValueException.notSerializable(value, ex);
		}
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		return this.delegate.deserialize(bytes);
	}

}
