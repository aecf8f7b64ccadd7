package io.github.azureredis.jcache;

import java.nio.charset.StandardCharsets;

import io.github.azureredis.cache.internal.CacheValueFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.serializer.RedisSerializer;

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

	/**
	 * Creates a codec.
	 * @param format the rules of stored values: a value that cannot be written, or is too large, is not cached (see
	 * {@link AzureRedisJCache}), and one that cannot be read is a miss, as in the Spring cache
	 * ({@link CacheValueFormat#forJCache})
	 */
	JCacheCodec(CacheValueFormat format) {
		RedisSerializer<Object> checked = format.forJCache(logger);
		this.valueEncoder = (value) -> Unpooled.wrappedBuffer(checked.serialize(value));
		this.valueDecoder = (buffer, state) -> checked.deserialize(bytes(buffer));
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
