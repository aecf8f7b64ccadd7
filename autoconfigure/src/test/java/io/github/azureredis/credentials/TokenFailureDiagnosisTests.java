package io.github.azureredis.credentials;

import java.time.Duration;
import java.util.Map;

import io.github.azureredis.credentials.CredentialProperties.Type;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Attempt;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Outcome;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per situation in which no token can be obtained: the report names each credential tried, why it gave
 * no token, the innermost cause, and the property or command to use; it mentions secrets, certificates and tenants
 * only for a service principal that has them.
 */
class TokenFailureDiagnosisTests {

	private static final String SCOPE = "https://redis.azure.com/.default";

	private static final String CLIENT_ID = "7b1f4c2e-0d3a-4e5f-9a8b-1c2d3e4f5a6b";

	@Test
	void developerMachineWithoutAzureCli() {
		EntraIdAuthenticationException report = diagnose(defaultCredential(),
				AzureIdentityFailures.defaultCredentialFindsNothing(AzureIdentityFailures.azureCliNotInstalled()));
		assertThat(report.getReason()).isEqualTo(Reason.NO_CREDENTIAL);
		assertThat(report.getAttempts()).extracting(Attempt::credential)
			.containsExactly("EnvironmentCredential", "WorkloadIdentityCredential", "ManagedIdentityCredential",
					"IntelliJCredential", "AzureCliCredential", "AzurePowerShellCredential",
					"AzureDeveloperCliCredential", "BrokerCredential");
		assertThat(report.getAttempts()).allSatisfy((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(Outcome.UNAVAILABLE);
			assertThat(attempt.reason()).doesNotContain("http", "mitigate", "troubleshoot");
		});
		assertThat(report.describe()).contains("DefaultAzureCredential found no credential to use among the 8 it tried",
				"EnvironmentCredential: unavailable: Environment variables are not fully configured.",
				"ManagedIdentityCredential: unavailable: No response received from the IMDS endpoint, Network is unreachable.",
				"AzureCliCredential: unavailable: Azure CLI not installed.");
		assertThat(report.getAction()).contains("install the Azure CLI and sign in with 'az login'",
				"AZURE_REDIS_CREDENTIAL_TYPE=azure-cli", "azure.redis.credential.client-id");
		assertNoSecretAdvice(report);
	}

	@Test
	void developerMachineNotSignedInToTheAzureCli() {
		EntraIdAuthenticationException report = diagnose(defaultCredential(),
				AzureIdentityFailures.defaultCredentialFindsNothing(AzureIdentityFailures.azureCliNotSignedIn()));
		assertThat(report.describe()).contains("AzureCliCredential: unavailable: Please run 'az login' to set up account.");
		assertThat(report.getAction()).contains("sign in with 'az login'", "AZURE_REDIS_CREDENTIAL_TYPE=azure-cli")
			.doesNotContain("install the Azure CLI");
		assertNoSecretAdvice(report);
	}

	@Test
	void somethingAnswersAtTheManagedIdentityEndpointOfADeveloperMachine() {
		EntraIdAuthenticationException report = new TokenFailureDiagnosis(defaultCredential(), SCOPE,
				Duration.ofSeconds(30), Map.of("AZURE_CLIENT_ID", "set by someone")::get)
			.diagnose(AzureIdentityFailures.defaultCredentialStoppedAtManagedIdentity());
		assertThat(report.getAttempts()).hasSize(3);
		assertThat(report.getAttempts().get(2)).satisfies((attempt) -> {
			assertThat(attempt.credential()).isEqualTo("ManagedIdentityCredential");
			assertThat(attempt.outcome()).isEqualTo(Outcome.FAILED);
			assertThat(attempt.reason()).contains("api-version was not specified");
		});
		// Those the chain skipped, named with what is missing where the application runs.
		assertThat(report.describe()).contains("Credentials tried:",
				"EnvironmentCredential: unavailable: AZURE_TENANT_ID, AZURE_CLIENT_SECRET or "
						+ "AZURE_CLIENT_CERTIFICATE_PATH are not set, as a service principal in environment variables needs",
				"WorkloadIdentityCredential: unavailable: AZURE_FEDERATED_TOKEN_FILE is not set, as a workload identity "
						+ "(AKS sets it) needs");
		assertThat(report.getMessage()).contains("DefaultAzureCredential stopped at ManagedIdentityCredential");
		assertThat(report.getInnermostCause())
			.isEqualTo("com.microsoft.aad.msal4j.MsalServiceException: [Managed Identity] Error Code: invalid_request "
					+ "Error Message: Bad request. api-version was not specified");
		assertThat(report.getAction()).contains("answered without a token", "'az login'",
				"AZURE_REDIS_CREDENTIAL_TYPE=azure-cli", "assign a managed identity",
				"set azure.redis.credential.client-id");
		assertNoSecretAdvice(report);
	}

	@Test
	void userAssignedManagedIdentityThatIsNotAssigned() {
		CredentialSource source = new CredentialSource("ManagedIdentityCredential", Type.MANAGED_IDENTITY, CLIENT_ID,
				false, false, false, null);
		EntraIdAuthenticationException report = diagnose(source, AzureIdentityFailures.managedIdentityNotFound());
		assertThat(report.getReason()).isEqualTo(Reason.NO_CREDENTIAL);
		assertThat(report.describe()).contains("ManagedIdentityCredential failed:", "Identity not found");
		assertThat(report.getAction()).contains("No managed identity with client id " + CLIENT_ID,
				"azure.redis.credential.client-id", "(not the object id)");
		assertNoSecretAdvice(report);
	}

	@Test
	void systemAssignedManagedIdentityThatIsNotTurnedOn() {
		CredentialSource source = new CredentialSource("ManagedIdentityCredential", Type.MANAGED_IDENTITY, null, false,
				false, false, null);
		EntraIdAuthenticationException report = diagnose(source, AzureIdentityFailures.managedIdentityNotFound());
		assertThat(report.getAction()).contains("turn on its system-assigned identity",
				"set azure.redis.credential.client-id (AZURE_REDIS_CREDENTIAL_CLIENT_ID) to its client id");
		assertNoSecretAdvice(report);
	}

	@Test
	void managedIdentityEndpointUnreachable() {
		CredentialSource source = new CredentialSource("ManagedIdentityCredential", Type.MANAGED_IDENTITY, null, false,
				false, false, null);
		EntraIdAuthenticationException report = diagnose(source, AzureIdentityFailures.managedIdentityUnreachable());
		assertThat(report.getReason()).isEqualTo(Reason.TOKEN_REQUEST_FAILED);
		assertThat(report.getInnermostCause()).startsWith("java.net.ConnectException:").contains("Connection refused");
		assertThat(report.getAction()).contains("No managed identity endpoint answered", "'az login'",
				"AZURE_REDIS_CREDENTIAL_TYPE=azure-cli");
		assertNoSecretAdvice(report);
	}

	@Test
	void azureCliNotSignedIn() {
		CredentialSource source = new CredentialSource("AzureCliCredential", Type.AZURE_CLI, null, false, false, false,
				null);
		EntraIdAuthenticationException report = diagnose(source,
				new com.azure.identity.CredentialUnavailableException(AzureIdentityFailures.azureCliNotSignedIn()));
		assertThat(report.describe()).contains("AzureCliCredential: unavailable: Please run 'az login'");
		assertThat(report.getAction()).startsWith("Sign in with 'az login'");
		assertNoSecretAdvice(report);
	}

	@Test
	void servicePrincipalWithAWrongSecret() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(true),
				AzureIdentityFailures.servicePrincipalRefused("AADSTS7000215: Invalid client secret provided. Ensure the "
						+ "secret being sent in the request is the client secret value, not the client secret ID."));
		assertThat(report.describe()).contains("ClientSecretCredential failed: AADSTS7000215");
		assertThat(report.getAction()).contains("refused the client secret", "azure.redis.credential.client-secret",
				"(not its secret id)");
	}

	@Test
	void servicePrincipalWithAnExpiredSecret() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(true),
				AzureIdentityFailures.servicePrincipalRefused("AADSTS7000222: The provided client secret keys for app "
						+ "'app' are expired."));
		assertThat(report.getAction()).contains("has expired", "azure.redis.credential.client-secret");
	}

	@Test
	void servicePrincipalInAnUnknownTenant() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(true),
				AzureIdentityFailures.servicePrincipalRefused("AADSTS90002: Tenant 'contoso' not found."));
		assertThat(report.getAction()).contains("azure.redis.credential.tenant-id");
	}

	@Test
	void servicePrincipalWithAnUnregisteredCertificateIsNotToldAboutSecrets() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(false),
				AzureIdentityFailures.servicePrincipalRefused("AADSTS700027: Client assertion failed signature "
						+ "validation."));
		assertThat(report.getAction()).contains("azure.redis.credential.client-certificate-path")
			.doesNotContain("client-secret");
	}

	@Test
	void servicePrincipalOfTheEnvironmentNamesItsVariables() {
		Exception failure = new com.azure.core.exception.ClientAuthenticationException(
				"DefaultAzureCredential authentication failed. ---> EnvironmentCredential authentication failed. Error "
						+ "Details: AADSTS7000215: Invalid client secret provided.",
				null, AzureIdentityFailures.servicePrincipalRefused("AADSTS7000215: Invalid client secret provided."));
		EntraIdAuthenticationException report = diagnose(defaultCredential(), failure);
		assertThat(report.getAttempts()).extracting(Attempt::credential).containsExactly("EnvironmentCredential");
		assertThat(report.getAction()).contains("AZURE_CLIENT_SECRET").doesNotContain("azure.redis.credential.client-secret");
	}

	@Test
	void workloadIdentityWithoutItsTokenFile() {
		String tokenFile = "/nonexistent/azure-identity-token";
		CredentialSource source = new CredentialSource("WorkloadIdentityCredential", Type.WORKLOAD_IDENTITY, CLIENT_ID,
				true, false, false, tokenFile);
		EntraIdAuthenticationException report = diagnose(source,
				AzureIdentityFailures.workloadIdentityWithoutTokenFile(tokenFile));
		assertThat(report.describe()).contains("WorkloadIdentityCredential failed: Failed to read federated token from file.");
		assertThat(report.getInnermostCause()).isEqualTo("java.nio.file.NoSuchFileException: " + tokenFile);
		assertThat(report.getAction()).contains("The federated token file (" + tokenFile + ") cannot be read",
				"azure.workload.identity/use", "azure.redis.credential.federated-token-file");
		assertNoSecretAdvice(report);
	}

	@Test
	void applicationBeanIsNamedAndTheReportSaysThePropertiesAreNotUsed() {
		EntraIdAuthenticationException report = diagnose(
				new CredentialSource("DefaultAzureCredential", null, null, false, false, false, null),
				AzureIdentityFailures.defaultCredentialFindsNothing(AzureIdentityFailures.azureCliNotSignedIn()));
		assertThat(report.getAction()).startsWith("The token comes from the application's own TokenCredential bean "
				+ "(DefaultAzureCredential); azure.redis.credential.* is not used while it exists.");
	}

	@Test
	void timeoutNamesTheProperty() {
		EntraIdAuthenticationException report = diagnose(defaultCredential(),
				new java.util.concurrent.TimeoutException("Did not observe any item"));
		assertThat(report.getMessage()).contains("azure.redis.token.request-timeout (PT30S)");
		assertThat(report.getAction()).contains("raise azure.redis.token.request-timeout");
	}

	private static void assertNoSecretAdvice(EntraIdAuthenticationException report) {
		assertThat(report.describe() + report.getAction()).doesNotContain("refused the client secret",
				"secret has expired", "The tenant is unknown", "client certificate", "wrong tenant");
	}

	private static EntraIdAuthenticationException diagnose(CredentialSource source, Throwable failure) {
		return new TokenFailureDiagnosis(source, SCOPE, Duration.ofSeconds(30)).diagnose(failure);
	}

	private static CredentialSource defaultCredential() {
		return new CredentialSource("DefaultAzureCredential", Type.DEFAULT, null, false, false, false, null);
	}

	private static CredentialSource servicePrincipal(boolean secret) {
		return new CredentialSource(secret ? "ClientSecretCredential" : "ClientCertificateCredential",
				Type.SERVICE_PRINCIPAL, CLIENT_ID, true, secret, !secret, null);
	}

}
