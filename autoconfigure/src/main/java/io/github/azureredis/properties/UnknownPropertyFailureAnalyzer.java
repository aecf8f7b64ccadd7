package io.github.azureredis.properties;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link UnknownPropertyException}: the key, where it was set, and the key probably meant.
 *
 * @author Azure Redis Cache contributors
 */
class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertyException cause) {
		String action = (cause.suggestion() != null) ? "Did you mean '" + cause.suggestion() + "'? Fix the key, or "
				+ "remove it." : "Remove the key, or fix it: docs/configuration.md and your IDE's completion "
						+ "list every property.";
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
