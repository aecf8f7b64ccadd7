package io.github.azureredis.jcache;

import io.github.azureredis.cache.CacheSettings;
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
 * The Redisson codec of JCache caches: keys by value ({@link JCacheKeys}), values in JCache's format
 * ({@link JCacheValueFormat}: the starter's JSON, or Java serialization behind the allow-list for {@code Serializable}
 * values JSON cannot store), with the rules of the Spring cache: a value larger than
 * {@code azure.redis.cache.max-value-size} is not stored and an unreadable one is a miss. Redisson's default codec
 * (Kryo 5) would instantiate any class named in data an attacker wrote into Redis.
 *
 * @author Azure Redis Cache contributors
 */
final class JCacheCodec extends BaseCodec {

	private static final Logger logger = LoggerFactory.getLogger(JCacheCodec.class);

	private final Encoder valueEncoder;

	private final Decoder<Object> valueDecoder;

	private final Encoder keyEncoder;

	private final Decoder<Object> keyDecoder;

	/**
	 * Creates a codec.
	 * @param settings the cache settings, with the rules and formats of stored values
	 * @param classLoader the class loader of the application's classes
	 */
	JCacheCodec(CacheSettings settings, ClassLoader classLoader) {
		RedisSerializer<Object> values = settings.valueRules()
			.forJCache(new JCacheValueFormat(settings.json(), settings.javaSerialization(), settings.jsonFirst()),
					logger);
		this.valueEncoder = (value) -> Unpooled.wrappedBuffer(values.serialize(value));
		this.valueDecoder = (buffer, state) -> values.deserialize(bytes(buffer));
		JCacheKeys keys = new JCacheKeys(settings.javaSerialization().allowList(), classLoader);
		this.keyEncoder = (key) -> Unpooled.wrappedBuffer(keys.encode(key));
		this.keyDecoder = (buffer, state) -> keys.decode(bytes(buffer));
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
