package io.github.azureredis.jcache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.azureredis.cache.UncacheableValueException;
import io.github.azureredis.cache.WarningInterval;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * The Redisson codec of JCache caches: values through the starter's cache value serializer (JSON checked against
 * the allowed packages by default), keys as their string form, as Spring's Redis cache names its keys. Redisson's
 * default codec (Kryo 5) would instantiate any class named in data an attacker wrote into Redis.
 *
 * @author Azure Redis Cache contributors
 */
final class JCacheCodec extends BaseCodec {

	private static final Logger logger = LoggerFactory.getLogger(JCacheCodec.class);

	private final Encoder valueEncoder;

	private final Decoder<Object> valueDecoder;

	private final Encoder keyEncoder = (key) -> Unpooled
		.wrappedBuffer(String.valueOf(key).getBytes(StandardCharsets.UTF_8));

	private final Decoder<Object> keyDecoder = (buffer, state) -> buffer.toString(StandardCharsets.UTF_8);

	private final WarningInterval unreadableWarnings = new WarningInterval(Duration.ofMinutes(1));

	JCacheCodec(RedisSerializer<Object> values) {
		this.valueEncoder = (value) -> Unpooled.wrappedBuffer(serialize(values, value));
		this.valueDecoder = (buffer, state) -> deserialize(values, bytes(buffer));
	}

	/** A value the serializer refuses is not cached (see {@link AzureRedisJCache}), rather than failing the call. */
	private static byte[] serialize(RedisSerializer<Object> values, Object value) {
		try {
			return values.serialize(value);
		}
		catch (UncacheableValueException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw UncacheableValueException.notSerializable(value, ex);
		}
	}

	/** A stored value that cannot be read is a miss, as in the Spring cache, with a warning at most once a minute. */
	private @Nullable Object deserialize(RedisSerializer<Object> values, byte[] bytes) {
		try {
			return values.deserialize(bytes);
		}
		catch (SerializationException ex) {
			if (this.unreadableWarnings.due()) {
				logger.warn("Treating an unreadable JCache value as a miss: {}", ex.getMessage());
			}
			return null;
		}
	}

	private static byte[] bytes(ByteBuf buffer) {
		return ByteBufUtil.getBytes(buffer, buffer.readerIndex(), buffer.readableBytes(), false);
	}

	@Override
	public Decoder<Object> getValueDecoder() {
		return this.valueDecoder;
	}

	@Override
	public Encoder getValueEncoder() {
		return this.valueEncoder;
	}

	@Override
	public Decoder<Object> getMapKeyDecoder() {
		return this.keyDecoder;
	}

	@Override
	public Encoder getMapKeyEncoder() {
		return this.keyEncoder;
	}

}
