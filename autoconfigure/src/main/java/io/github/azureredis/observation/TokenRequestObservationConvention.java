package io.github.azureredis.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags of token request observations. A bean of this type replaces
 * {@link DefaultTokenRequestObservationConvention}.
 *
 * @author Azure Redis Cache contributors
 */
public interface TokenRequestObservationConvention extends ObservationConvention<TokenRequestObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof TokenRequestObservationContext;
	}

}
