package io.github.azureredis.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags of Redis command observations. A bean of this type replaces
 * {@link DefaultRedisCommandObservationConvention}.
 *
 * @author Azure Redis Cache contributors
 */
public interface RedisCommandObservationConvention extends ObservationConvention<RedisCommandContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof RedisCommandContext;
	}

}
