package io.github.azureredis.observation;

import io.github.azureredis.observation.AzureRedisObservation.ReauthenticationKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Re-authentications as the timer {@code azure.redis.reauthentications}, and as spans named
 * {@code reauthenticate connections} with the number of connections ({@code connections}).
 *
 * @author Azure Redis Cache contributors
 */
public class DefaultReauthenticationObservationConvention implements ReauthenticationObservationConvention {

	/** The name of the observation. */
	public static final String NAME = "azure.redis.reauthentications";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ReauthenticationContext context) {
		return "reauthenticate connections";
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ReauthenticationContext context) {
		return KeyValues.of(ReauthenticationKeyNames.CONNECTIONS.withValue(Integer.toString(context.getConnections())));
	}

}
