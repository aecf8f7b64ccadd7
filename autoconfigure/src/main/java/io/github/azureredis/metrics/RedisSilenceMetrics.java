package io.github.azureredis.metrics;

import io.github.azureredis.connection.redisson.RedisSilence;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of a Redis that answers nothing at all ({@link RedisSilence}):
 * <ul>
 * <li>{@code azure.redis.silent}: 1 while Redis answers nothing and cache calls fail at once, else 0;</li>
 * <li>{@code azure.redis.silent.calls}: the cache calls that failed at once because of it, since start-up.</li>
 * </ul>
 *
 * @author Azure Redis Cache contributors
 */
final class RedisSilenceMetrics implements MeterBinder {

	private final RedisSilence silence;

	RedisSilenceMetrics(RedisSilence silence) {
		this.silence = silence;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("azure.redis.silent", this.silence, (silence) -> silence.isSilent() ? 1 : 0)
			.description("1 while Redis answers nothing at all and cache calls fail at once")
			.register(registry);
		FunctionCounter.builder("azure.redis.silent.calls", this.silence, RedisSilence::failedAtOnce)
			.description("Cache calls failed at once because Redis answered nothing at all")
			.register(registry);
	}

}
