package io.github.azureredis.credentials;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;

/**
 * Failures as azure-identity 1.19 raises them, recorded from real runs on a machine without any identity (in a
 * network namespace without a route to the managed identity endpoint) and against a local managed identity
 * endpoint; where no network is needed the real credential is used.
 */
final class AzureIdentityFailures {

	private static final String NEWLINE = "\r\n";

	private AzureIdentityFailures() {
	}

	/**
	 * {@code DefaultAzureCredential} on a developer machine with nothing set up.
	 * @param azureCli the Azure CLI's line: not installed, or not signed in
	 * @return the failure
	 */
	static CredentialUnavailableException defaultCredentialFindsNothing(String azureCli) {
		return new CredentialUnavailableException(String.join(NEWLINE,
				"EnvironmentCredential authentication unavailable. Environment variables are not fully configured.To "
						+ "mitigate this issue, please refer to the troubleshooting guidelines here at "
						+ "https://aka.ms/azsdk/java/identity/environmentcredential/troubleshoot",
				"WorkloadIdentityCredential authentication unavailable. The workload options are not fully configured. "
						+ "See the troubleshooting guide for more information. "
						+ "https://aka.ms/azsdk/java/identity/workloadidentitycredential/troubleshoot",
				"ManagedIdentityCredential authentication unavailable. No response received from the IMDS endpoint, "
						+ "Network is unreachable.",
				"IntelliJ authentication not available. Please login with the Azure Toolkit for IntelliJ. You may also "
						+ "need to upgrade to a newer version of the Azure Toolkit for IntelliJ. This authentication is "
						+ "supported on version 3.53 and higher. Please see "
						+ "https://aka.ms/azsdk/java/identity/intellijcredential/troubleshoot for more information.",
				azureCli, "Encountered error when deserializing response from Azure Power Shell.",
				"AzureDeveloperCliCredential authentication unavailable. Azure Developer CLI not installed.To mitigate "
						+ "this issue, please refer to the troubleshooting guidelines here at "
						+ "https://aka.ms/azsdk/java/identity/azdevclicredential/troubleshoot",
				"azure-identity-broker dependency is not available. Ensure you have azure-identity-broker dependency "
						+ "added to your application. To mitigate this issue, refer to "
						+ "http://aka.ms/azsdk/java/identity/dacbrokerauth/troubleshootTo mitigate this issue, please "
						+ "refer to the troubleshooting guidelines here at "
						+ "https://aka.ms/azure-identity-java-default-azure-credential-troubleshoot"));
	}

	static String azureCliNotInstalled() {
		return "AzureCliCredential authentication unavailable. Azure CLI not installed.To mitigate this issue, please "
				+ "refer to the troubleshooting guidelines here at "
				+ "https://aka.ms/azsdk/java/identity/azclicredential/troubleshoot";
	}

	static String azureCliNotSignedIn() {
		return "AzureCliCredential authentication unavailable. Please run 'az login' to set up account. To further "
				+ "mitigate this issue, please refer to the troubleshooting guidelines here at "
				+ "https://aka.ms/azsdk/java/identity/azclicredential/troubleshoot";
	}

	/**
	 * {@code DefaultAzureCredential} where something answers at the managed identity endpoint without a token (the
	 * case of the issue): the chain stops at the managed identity.
	 * @return the failure
	 */
	static ClientAuthenticationException defaultCredentialStoppedAtManagedIdentity() {
		ClientAuthenticationException managedIdentity = managedIdentityAnswered(
				"[Managed Identity] Error Code: invalid_request Error Message: Bad request. api-version was not specified");
		return new ClientAuthenticationException("DefaultAzureCredential authentication failed. ---> "
				+ "ManagedIdentityCredential authentication failed. Error Details: " + managedIdentity.getMessage(), null,
				managedIdentity);
	}

	/** @return a managed identity endpoint that has no identity for the application (HTTP 400) */
	static ClientAuthenticationException managedIdentityNotFound() {
		return managedIdentityAnswered("[Managed Identity] Error Code: invalid_request Error Message: Identity not found");
	}

	/** @return no managed identity endpoint listening */
	static ClientAuthenticationException managedIdentityUnreachable() {
		ConnectException refused = new ConnectException("finishConnect(..) failed with error(-111): Connection refused");
		return new ClientAuthenticationException(
				"Managed Identity authentication failed, see inner exception for more information.", null,
				new MsalClientException(new UncheckedIOException(refused.getMessage() + ": /127.0.0.1:18081",
						new java.io.IOException(refused))));
	}

	/**
	 * A service principal refused by Microsoft Entra ID.
	 * @param message the AADSTS message
	 * @return the failure
	 */
	static ClientAuthenticationException servicePrincipalRefused(String message) {
		return new ClientAuthenticationException(message, null,
				new MsalServiceException(message, "invalid_client"));
	}

	/** @return what the real {@code WorkloadIdentityCredential} throws for a token file that does not exist */
	static RuntimeException workloadIdentityWithoutTokenFile(String tokenFile) {
		try {
			new WorkloadIdentityCredentialBuilder().tenantId("tenant")
				.clientId("client")
				.tokenFilePath(tokenFile)
				.build()
				.getToken(new TokenRequestContext().addScopes("https://redis.azure.com/.default"))
				.block(Duration.ofSeconds(30));
		}
		catch (RuntimeException ex) {
			return ex;
		}
		throw new IllegalStateException("A token file that does not exist gave a token");
	}

	private static ClientAuthenticationException managedIdentityAnswered(String message) {
		return new ClientAuthenticationException(
				"Managed Identity authentication failed, see inner exception for more information.", null,
				new MsalServiceException(message, "managed_identity_request_failed"));
	}

}
