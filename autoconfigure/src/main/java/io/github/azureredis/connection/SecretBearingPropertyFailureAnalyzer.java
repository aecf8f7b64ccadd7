package io.github.azureredis.connection;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link SecretBearingPropertyException}: the property to fix and why, without its value.
 *
 * @author Azure Redis Cache contributors
 */
class SecretBearingPropertyFailureAnalyzer extends AbstractFailureAnalyzer<SecretBearingPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SecretBearingPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), "Fix the value of " + cause.property() + ".", cause);
	}

}
