package io.github.azureredis.observation;

import io.github.azureredis.observation.AzureRedisObservation.CacheOperationKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Cache operations as the timer {@code azure.redis.cache.operations}, tagged {@code cache}, {@code operation} and
 * {@code result}, and as spans named after the operation and the cache ({@code get books}).
 *
 * @author Azure Redis Cache contributors
 */
public class DefaultCacheOperationObservationConvention implements CacheOperationObservationConvention {

	/** The name of the observation. */
	public static final String NAME = "azure.redis.cache.operations";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(CacheOperationContext context) {
		return context.getOperation().tag() + " " + context.getCacheName();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CacheOperationContext context) {
		return KeyValues.of(CacheOperationKeyNames.CACHE.withValue(context.getCacheName()),
				CacheOperationKeyNames.OPERATION.withValue(context.getOperation().tag()),
				CacheOperationKeyNames.RESULT.withValue(context.getResult().tag()));
	}

}
