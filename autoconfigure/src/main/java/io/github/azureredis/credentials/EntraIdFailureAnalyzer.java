package io.github.azureredis.credentials;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Microsoft Entra ID failure at start-up into a report that says what to set.
 *
 * @author Azure Redis Cache contributors
 */
class EntraIdFailureAnalyzer extends AbstractFailureAnalyzer<EntraIdAuthenticationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EntraIdAuthenticationException cause) {
		return new FailureAnalysis(cause.getMessage(), action(cause.getReason()), cause);
	}

	private static String action(EntraIdAuthenticationException.Reason reason) {
		return switch (reason) {
			case NO_CREDENTIAL -> """
					Give the application an identity that Microsoft Entra ID can authenticate:
					- on a developer machine, sign in with 'az login' (or set azure.redis.credential.type=azure-cli);
					- on Azure, assign a managed identity to the application, and for a user-assigned one set \
					azure.redis.credential.client-id;
					- elsewhere, set azure.redis.credential.tenant-id, azure.redis.credential.client-id and \
					azure.redis.credential.client-secret (or azure.redis.credential.client-certificate-path) of a service principal.
					To use an access key instead, set spring.data.redis.password. For a Redis without authentication, set \
					azure.redis.authentication=none.""";
			case NO_OBJECT_ID -> """
					Set azure.redis.username to the object (principal) id of the identity, as listed as a Redis user under \
					the cache's Authentication settings in the Azure portal.""";
			case UNKNOWN_SCOPE -> """
					Set azure.redis.token.scope to the Redis scope of your cloud. In the public cloud it is \
					https://redis.azure.com/.default (the default).""";
			case TOKEN_REQUEST_FAILED -> """
					Check the identity settings under azure.redis.credential.* (an expired client secret or certificate, \
					a wrong tenant id), and that the Microsoft Entra ID endpoint is reachable from the application. If it \
					is only slow, raise azure.redis.token.request-timeout.""";
			case TOKEN_EXPIRED -> """
					Check that the Microsoft Entra ID endpoint is reachable: the token is refreshed automatically once it \
					is.""";
		};
	}

}
