package io.github.azureredis.credentials;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Microsoft Entra ID failure at start-up into a report that lists the credentials tried, why each gave no
 * token and the innermost cause, and says what to set or run.
 *
 * @author Azure Redis Cache contributors
 */
class EntraIdFailureAnalyzer extends AbstractFailureAnalyzer<EntraIdAuthenticationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EntraIdAuthenticationException cause) {
		return new FailureAnalysis(cause.describe(), cause.getAction(), cause);
	}

}
