package io.github.azureredis.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags of re-authentication observations. A bean of this type replaces
 * {@link DefaultReauthenticationObservationConvention}.
 *
 * @author Azure Redis Cache contributors
 */
public interface ReauthenticationObservationConvention extends ObservationConvention<ReauthenticationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ReauthenticationContext;
	}

}
