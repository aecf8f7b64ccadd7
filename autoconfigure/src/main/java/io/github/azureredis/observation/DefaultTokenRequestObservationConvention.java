package io.github.azureredis.observation;

import io.github.azureredis.observation.AzureRedisObservation.TokenRequestKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Token requests as the timer {@code azure.redis.token.requests}, tagged {@code result}, and as spans named
 * {@code token request}.
 *
 * @author Azure Redis Cache contributors
 */
public class DefaultTokenRequestObservationConvention implements TokenRequestObservationConvention {

	/** The name of the observation. */
	public static final String NAME = "azure.redis.token.requests";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(TokenRequestObservationContext context) {
		return "token request";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(TokenRequestObservationContext context) {
		return KeyValues.of(TokenRequestKeyNames.RESULT.withValue(context.getResult().tag()));
	}

}
