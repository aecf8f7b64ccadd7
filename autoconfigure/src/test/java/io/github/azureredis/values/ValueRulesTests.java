package io.github.azureredis.values;

import java.util.List;

import io.github.azureredis.values.json.AllowListJsonRedisSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules of stored values, without a server: one limit and one message for the Spring cache and JCache.
 */
class ValueRulesTests {

	private final AllowListJsonRedisSerializer json = new AllowListJsonRedisSerializer(List.of("io.github.azureredis"),
			getClass().getClassLoader());

	private final ValueRules format = new ValueRules(this.json, DataSize.ofBytes(100),
			LoggerFactory.getLogger(ValueRulesTests.class));

	@Test
	void theSpringCacheRefusesAValueOverTheLimitNamingItsTypeAsWritten() {
		assertThat(this.format.valuePair().write(new byte[10]).remaining()).isPositive();
		assertThatExceptionOfType(ValueTooLargeException.class)
			.isThrownBy(() -> this.format.valuePair().write(new byte[500]))
			.withMessageContaining("a value of class byte[] is not cached")
			.withMessageContaining("exceeds azure.redis.cache.max-value-size (100 bytes)");
	}

	@Test
	void jcacheRefusesAValueOverTheSameLimit() {
		RedisSerializer<Object> jcache = this.format.forJCache(this.json, LoggerFactory.getLogger(getClass()));
		assertThat(jcache.deserialize(jcache.serialize(new byte[10]))).isEqualTo(new byte[10]);
		assertThatExceptionOfType(ValueTooLargeException.class).isThrownBy(() -> jcache.serialize(new byte[500]))
			.withMessageContaining("a value of class byte[] is not cached");
	}

}
