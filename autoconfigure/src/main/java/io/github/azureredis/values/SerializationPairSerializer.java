package io.github.azureredis.values;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.data.redis.util.ByteUtils;

/**
 * A {@link SerializationPair} as a {@link RedisSerializer}, so that the value decorators also apply to the pair of an
 * application's own {@code RedisCacheConfiguration}. Spring Data offers the way from a serializer to a pair
 * ({@link SerializationPair#fromSerializer}), not back.
 *
 * @author Azure Redis Cache contributors
 */
final class SerializationPairSerializer implements RedisSerializer<Object> {

	private final SerializationPair<Object> pair;

	SerializationPairSerializer(SerializationPair<Object> pair) {
		this.pair = pair;
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		if (value == null) {
			// A pair takes no null, and a cache never gives it one: it stores NullValue for a null.
			throw new SerializationException("Cannot serialize null through a serialization pair");
		}
		return ByteUtils.getBytes(this.pair.write(value));
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		return (bytes != null) ? this.pair.read(ByteBuffer.wrap(bytes)) : null;
	}

}
