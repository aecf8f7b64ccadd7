package io.github.azureredis.values;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.unit.DataSize;

/**
 * Refuses to write a value whose serialized form is larger than {@code azure.redis.cache.max-value-size}, with a
 * {@link ValueTooLargeException}: the cache then returns the value uncached. Reads are the delegate's.
 *
 * @author Azure Redis Cache contributors
 */
final class SizeLimitedSerializer implements RedisSerializer<Object> {

	private final RedisSerializer<Object> delegate;

	private final DataSize limit;

	SizeLimitedSerializer(RedisSerializer<Object> delegate, DataSize limit) {
		this.delegate = delegate;
		this.limit = limit;
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		byte[] bytes = this.delegate.serialize(value);
		if (value != null && bytes != null && bytes.length > this.limit.toBytes()) {
			throw new ValueTooLargeException(value, bytes.length, this.limit);
		}
		return bytes;
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		return this.delegate.deserialize(bytes);
	}

}
