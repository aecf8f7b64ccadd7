package io.github.azureredis.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags of cache operation observations. A bean of this type replaces
 * {@link DefaultCacheOperationObservationConvention}.
 *
 * @author Azure Redis Cache contributors
 */
public interface CacheOperationObservationConvention extends ObservationConvention<CacheOperationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof CacheOperationContext;
	}

}
