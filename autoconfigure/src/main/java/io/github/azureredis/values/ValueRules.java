package io.github.azureredis.values;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.unit.DataSize;

/**
 * The rules of stored values around the serializer of values, the same for the Spring cache and JCache: a value that
 * cannot be written is not cached ({@link UnwritableIsUncacheable}), nor one over
 * {@code azure.redis.cache.max-value-size} ({@link SizeLimitedSerializer}), and a value that cannot be read is a miss
 * ({@link UnreadableIsMiss}).
 * <p>
 * The checks of writes are built once, around the serializer of values, and are the serializer of the default
 * {@link RedisCacheConfiguration} ({@link #valuePair()}). Each Spring cache adds its own reading wrapper, whose
 * warning names the cache; an application's own {@code RedisCacheConfiguration} gets the same rules around its
 * serializer.
 *
 * @author Azure Redis Cache contributors
 */
public final class ValueRules {

	private final @Nullable DataSize maxValueSize;

	private final Logger cacheLogger;

	private final RedisSerializer<Object> checkedWrites;

	private final SerializationPair<Object> valuePair;

	/**
	 * Creates the rules.
	 * @param values the serializer of the Spring cache's values
	 * @param maxValueSize the largest value that is cached, if any
	 * @param cacheLogger the category of the warning about an unreadable value of a Spring cache
	 */
	public ValueRules(RedisSerializer<Object> values, @Nullable DataSize maxValueSize, Logger cacheLogger) {
		this.maxValueSize = maxValueSize;
		this.cacheLogger = cacheLogger;
		this.checkedWrites = checkedWrites(values, maxValueSize);
		this.valuePair = SerializationPair.fromSerializer(this.checkedWrites);
	}

	private static RedisSerializer<Object> checkedWrites(RedisSerializer<Object> values,
			@Nullable DataSize maxValueSize) {
		RedisSerializer<Object> checked = new UnwritableIsUncacheable(values);
		return (maxValueSize != null) ? new SizeLimitedSerializer(checked, maxValueSize) : checked;
	}

	/** @return the value pair of the default cache configuration, with the checks of writes */
	public SerializationPair<Object> valuePair() {
		return this.valuePair;
	}

	/**
	 * The configuration a cache uses: its value pair with every rule, the reading one naming the cache.
	 * @param cacheName the cache name
	 * @param configuration its configuration
	 * @return the configuration to use
	 */
	public RedisCacheConfiguration forCache(String cacheName, RedisCacheConfiguration configuration) {
		SerializationPair<Object> pair = configuration.getValueSerializationPair();
		RedisSerializer<Object> writes = (pair == this.valuePair) ? this.checkedWrites
				: checkedWrites(new SerializationPairSerializer(pair), this.maxValueSize);
		return configuration.serializeValuesWith(SerializationPair
			.fromSerializer(new UnreadableIsMiss(writes, this.cacheLogger, "value in cache '" + cacheName + "'")));
	}

	/**
	 * The serializer of JCache values: a format of JCache's own, with the same rules as the Spring cache's: values
	 * larger than {@code azure.redis.cache.max-value-size} are not stored; unreadable ones are misses.
	 * @param format how JCache writes values
	 * @param logger the category of the warning about unreadable values
	 * @return the serializer
	 */
	public RedisSerializer<Object> forJCache(RedisSerializer<Object> format, Logger logger) {
		return new UnreadableIsMiss(checkedWrites(format, this.maxValueSize), logger, "JCache value");
	}

}
