package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.microsoft.aad.msal4j.MsalServiceException;
import io.github.azureredis.credentials.CredentialProperties.Type;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Attempt;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Outcome;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Reason;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeEntraIdEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.github.azureredis.credentials.AzureIdentityFailures.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per situation in which no token can be obtained, on the failure the real azure-identity credential
 * raises in it ({@link AzureIdentityFailures}): the report names each credential tried, why it gave no token, the
 * innermost cause, and the property or command to use; it mentions secrets, certificates and tenants only for a
 * service principal that has them.
 */
@Tag("integration")
class TokenFailureDiagnosisTests {

	private static final String SCOPE = FakeEntraId.SCOPE;

	private static final String UNKNOWN_CLIENT_ID = "7b1f4c2e-0d3a-4e5f-9a8b-1c2d3e4f5a6b";

	private static AzureIdentityFailures azureIdentity;

	@BeforeAll
	static void start() {
		azureIdentity = new AzureIdentityFailures();
	}

	@AfterAll
	static void stop() throws Exception {
		azureIdentity.close();
	}

	@Test
	void developerMachineWithoutAzureCli() {
		EntraIdAuthenticationException report = diagnose(defaultCredential(),
				azureIdentity.defaultCredentialOnADeveloperMachine(false));
		assertThat(report.getReason()).isEqualTo(Reason.NO_CREDENTIAL);
		assertThat(report.getAttempts()).hasSizeGreaterThanOrEqualTo(8).allSatisfy((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(Outcome.UNAVAILABLE);
			assertThat(attempt.reason()).isNotBlank().doesNotContain("aka.ms", "mitigate", "troubleshoot");
		});
		assertThat(report.describe()).contains(
				"DefaultAzureCredential found no credential to use among the " + report.getAttempts().size() + " it tried",
				"Credentials tried:",
				"\n  - EnvironmentCredential authentication unavailable. Environment variables are not fully configured.\n",
				"\n  - WorkloadIdentityCredential authentication unavailable. The workload options are not fully "
						+ "configured.\n",
				"\n  - AzureCliCredential authentication unavailable. Azure CLI not installed.\n");
		assertThat(report.getAction()).contains("install the Azure CLI first if it is missing", "'az login'",
				"AZURE_REDIS_CREDENTIAL_TYPE=azure-cli", "azure.redis.credential.client-id");
		assertNoSecretAdvice(report);
	}

	@Test
	void developerMachineSignedOutOfTheAzureCli() {
		EntraIdAuthenticationException report = diagnose(defaultCredential(),
				azureIdentity.defaultCredentialOnADeveloperMachine(true));
		assertThat(report.describe())
			.contains("\n  - AzureCliCredential authentication unavailable. Please run 'az login' to set up account.\n");
		assertThat(report.getAction()).contains("sign in with 'az login'", "AZURE_REDIS_CREDENTIAL_TYPE=azure-cli");
		assertNoSecretAdvice(report);
	}

	@Test
	void somethingAnswersAtTheManagedIdentityEndpointOfADeveloperMachine() {
		EntraIdAuthenticationException report = new TokenFailureDiagnosis(defaultCredential(), SCOPE,
				Duration.ofSeconds(30), Map.of("AZURE_CLIENT_ID", "set by someone")::get)
			.diagnose(azureIdentity.defaultCredentialWhereSomethingElseAnswersForManagedIdentity());
		assertThat(report.getReason()).isEqualTo(Reason.TOKEN_REQUEST_FAILED);
		assertThat(report.getAttempts()).hasSize(3);
		assertThat(report.getAttempts().get(2)).satisfies((attempt) -> {
			assertThat(attempt.credential()).isEqualTo("ManagedIdentityCredential");
			assertThat(attempt.outcome()).isEqualTo(Outcome.FAILED);
			assertThat(attempt.reason()).startsWith("[Managed Identity] MSI returned 403").contains("resolve_deny");
		});
		// Those the chain skipped, named with what is missing where the application runs.
		assertThat(report.describe()).contains("Credentials tried:",
				"EnvironmentCredential: unavailable: AZURE_TENANT_ID, AZURE_CLIENT_SECRET or "
						+ "AZURE_CLIENT_CERTIFICATE_PATH are not set, as a service principal in environment variables needs",
				"WorkloadIdentityCredential: unavailable: AZURE_FEDERATED_TOKEN_FILE is not set, as a workload identity "
						+ "(AKS sets it) needs");
		assertThat(report.getMessage()).contains("DefaultAzureCredential stopped at ManagedIdentityCredential, which "
				+ "failed (the credentials before it in its chain were unavailable, those after it were not tried): "
				+ "[Managed Identity] MSI returned 403");
		assertThat(report.getInnermostCause()).as("MSAL's exception, whose message the report shows").isNull();
		assertThat(report.getAction()).contains("answered without a token", "'az login'",
				"AZURE_REDIS_CREDENTIAL_TYPE=azure-cli", "assign a managed identity",
				"set azure.redis.credential.client-id");
		assertNoSecretAdvice(report);
	}

	@Test
	void userAssignedManagedIdentityThatIsNotAssigned() {
		CredentialSource source = new CredentialSource("ManagedIdentityCredential", Type.MANAGED_IDENTITY,
				UNKNOWN_CLIENT_ID, false, null);
		EntraIdAuthenticationException report = diagnose(source,
				azureIdentity.managedIdentityNotAssigned(UNKNOWN_CLIENT_ID));
		assertThat(report.getReason()).isEqualTo(Reason.NO_CREDENTIAL);
		assertThat(report.describe()).contains("ManagedIdentityCredential failed: [Managed Identity] Authentication "
				+ "unavailable. The requested identity has not been assigned to this resource.", "Identity not found");
		assertThat(report.getAction()).contains("No managed identity with client id " + UNKNOWN_CLIENT_ID,
				"azure.redis.credential.client-id", "(not the object id)");
		assertNoSecretAdvice(report);
	}

	@Test
	void systemAssignedManagedIdentityThatIsNotTurnedOn() {
		CredentialSource source = new CredentialSource("ManagedIdentityCredential", Type.MANAGED_IDENTITY, null,
				false, null);
		EntraIdAuthenticationException report = diagnose(source, azureIdentity.managedIdentityNotAssigned(null));
		assertThat(report.getReason()).isEqualTo(Reason.NO_CREDENTIAL);
		assertThat(report.getAction()).contains("turn on its system-assigned identity",
				"set azure.redis.credential.client-id (AZURE_REDIS_CREDENTIAL_CLIENT_ID) to its client id");
		assertNoSecretAdvice(report);
	}

	@Test
	void managedIdentityEndpointUnreachable() {
		CredentialSource source = new CredentialSource("ManagedIdentityCredential", Type.MANAGED_IDENTITY, null,
				false, null);
		EntraIdAuthenticationException report = diagnose(source, azureIdentity.managedIdentityUnreachable());
		assertThat(report.getReason()).isEqualTo(Reason.TOKEN_REQUEST_FAILED);
		assertThat(report.getAttempts()).singleElement().extracting(Attempt::credential)
			.isEqualTo("ManagedIdentityCredential");
		assertThat(report.getInnermostCause()).startsWith("java.");
		assertThat(report.getAction()).contains("No managed identity endpoint answered", "'az login'",
				"AZURE_REDIS_CREDENTIAL_TYPE=azure-cli");
		assertNoSecretAdvice(report);
	}

	@Test
	void managedIdentityEndpointThatThrottles() {
		// MSAL retries inside the request, then reports the status only in its message.
		RuntimeException failure = azureIdentity.managedIdentityThrottled();
		assertThat(Throttling.of(failure, Instant.EPOCH).throttled()).isTrue();
		CredentialSource source = new CredentialSource("ManagedIdentityCredential", Type.MANAGED_IDENTITY, null,
				false, null);
		EntraIdAuthenticationException report = diagnose(source, failure);
		assertThat(report.getReason()).isEqualTo(Reason.TOKEN_REQUEST_FAILED);
		assertThat(report.getAction()).contains("throttles token requests");
	}

	@Test
	void azureCliNotInstalled() {
		EntraIdAuthenticationException report = diagnose(azureCliCredential(), azureIdentity.azureCli(false));
		assertThat(report.getReason()).isEqualTo(Reason.NO_CREDENTIAL);
		assertThat(report.describe()).contains("AzureCliCredential found no credential to use\n",
				"  - AzureCliCredential authentication unavailable. Azure CLI not installed.");
		assertThat(report.getAction()).startsWith("Sign in with 'az login' (install the Azure CLI first if it is missing)");
		assertNoSecretAdvice(report);
	}

	@Test
	void azureCliSignedOut() {
		EntraIdAuthenticationException report = diagnose(azureCliCredential(), azureIdentity.azureCli(true));
		assertThat(report.describe())
			.contains("  - AzureCliCredential authentication unavailable. Please run 'az login' to set up account.");
		assertThat(report.getAction()).startsWith("Sign in with 'az login'");
		assertNoSecretAdvice(report);
	}

	@Test
	void servicePrincipalWithAWrongSecret() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(true), azureIdentity
			.servicePrincipal(azureIdentity.tenantId(), CLIENT_ID, "not-the-secret", SCOPE));
		assertThat(report.getReason()).isEqualTo(Reason.TOKEN_REQUEST_FAILED);
		assertThat(report.describe()).contains("ClientSecretCredential failed: AADSTS7000215: Invalid client secret "
				+ "provided.").doesNotContain("not-the-secret");
		assertThat(report.getAction()).contains("refused the client secret", "azure.redis.credential.client-secret",
				"(not the secret id)", "has not expired");
	}

	@Test
	void servicePrincipalWithAnExpiredSecret() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(true), azureIdentity.servicePrincipal(
				azureIdentity.tenantId(), CLIENT_ID, FakeEntraIdEndpoint.EXPIRED_CLIENT_SECRET, SCOPE));
		assertThat(report.describe()).contains("AADSTS7000222: The provided client secret keys for app '" + CLIENT_ID
				+ "' are expired.");
		assertThat(report.getAction()).contains("azure.redis.credential.client-secret", "has not expired");
	}

	@Test
	void servicePrincipalInAnUnknownTenant() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(true),
				azureIdentity.servicePrincipal("contoso.example", CLIENT_ID, FakeEntraIdEndpoint.CLIENT_SECRET, SCOPE));
		assertThat(report.describe()).contains("AADSTS90002: Tenant 'contoso.example' not found.");
		assertThat(report.getAction()).contains("azure.redis.credential.tenant-id");
	}

	@Test
	void servicePrincipalWithAnUnknownClientId() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(true), azureIdentity
			.servicePrincipal(azureIdentity.tenantId(), UNKNOWN_CLIENT_ID, FakeEntraIdEndpoint.CLIENT_SECRET, SCOPE));
		assertThat(report.describe()).contains("AADSTS700016: Application with identifier '" + UNKNOWN_CLIENT_ID + "'");
		assertThat(report.getAction()).contains("No application with that client id",
				"azure.redis.credential.client-id", "azure.redis.credential.tenant-id")
			.doesNotContain("client-secret");
	}

	@Test
	void servicePrincipalWithAnUnregisteredCertificateIsNotToldAboutSecrets() {
		// What MSAL gives for Microsoft Entra ID's answer: the local one does not check certificates.
		EntraIdAuthenticationException report = diagnose(servicePrincipal(false), new MsalServiceException(
				"AADSTS700027: Client assertion failed signature validation.", "invalid_client"));
		assertThat(report.getAction()).contains("refused the client certificate",
				"azure.redis.credential.client-certificate-path")
			.doesNotContain("client-secret");
	}

	@Test
	void servicePrincipalOfTheEnvironmentNamesItsVariables() {
		EntraIdAuthenticationException report = diagnose(defaultCredential(),
				azureIdentity.defaultCredentialWithAWrongSecretInTheEnvironment());
		assertThat(report.getMessage()).contains("DefaultAzureCredential stopped at EnvironmentCredential",
				"AADSTS7000215");
		assertThat(report.getAttempts()).extracting(Attempt::credential).containsExactly("EnvironmentCredential");
		assertThat(report.getAction()).contains("AZURE_CLIENT_SECRET").doesNotContain("azure.redis.credential.client-secret");
	}

	@Test
	void servicePrincipalWithAnUnreachableAuthority() {
		EntraIdAuthenticationException report = diagnose(servicePrincipal(true),
				azureIdentity.servicePrincipalUnreachable());
		assertThat(report.getReason()).isEqualTo(Reason.TOKEN_REQUEST_FAILED);
		assertThat(report.getAction()).contains("unreachable", "azure.redis.credential.authority-host")
			.doesNotContain("refused");
	}

	@Test
	void unknownScope() {
		String scope = "https://redis.example.invalid/.default";
		EntraIdAuthenticationException report = new TokenFailureDiagnosis(servicePrincipal(true), scope,
				Duration.ofSeconds(30))
			.diagnose(azureIdentity.servicePrincipal(azureIdentity.tenantId(), CLIENT_ID,
					FakeEntraIdEndpoint.CLIENT_SECRET, scope));
		assertThat(report.getReason()).isEqualTo(Reason.UNKNOWN_SCOPE);
		assertThat(report.getMessage()).contains("scope [" + scope + "]",
				"The resource principal named https://redis.example.invalid was not found");
		assertThat(report.getAction()).contains("azure.redis.token.scope");
	}

	@Test
	void workloadIdentityWithoutItsTokenFile() {
		String tokenFile = "/nonexistent/azure-identity-token";
		CredentialSource source = new CredentialSource("WorkloadIdentityCredential", Type.WORKLOAD_IDENTITY,
				CLIENT_ID, false, tokenFile);
		EntraIdAuthenticationException report = diagnose(source,
				azureIdentity.workloadIdentityWithoutTokenFile(tokenFile));
		assertThat(report.describe()).contains("WorkloadIdentityCredential failed: Failed to read federated token from file.");
		assertThat(report.getInnermostCause()).isEqualTo("java.nio.file.NoSuchFileException: " + tokenFile);
		assertThat(report.getAction()).contains("The federated token file (" + tokenFile + ") cannot be read",
				"azure.workload.identity/use", "azure.redis.credential.federated-token-file");
		assertNoSecretAdvice(report);
	}

	@Test
	void applicationBeanIsNamedAndTheReportSaysThePropertiesAreNotUsed() {
		EntraIdAuthenticationException report = diagnose(new CredentialSource("DefaultAzureCredential", null, null,
				false, null), azureIdentity.defaultCredentialOnADeveloperMachine(true));
		assertThat(report.getAction()).startsWith("The token comes from the application's own TokenCredential bean "
				+ "(DefaultAzureCredential); azure.redis.credential.* is not used while it exists.");
	}

	@Test
	void timeoutNamesTheProperty() {
		EntraIdAuthenticationException report = diagnose(defaultCredential(),
				new TimeoutException("Did not observe any item"));
		assertThat(report.getMessage()).contains("azure.redis.token.request-timeout (PT30S)");
		assertThat(report.getAction()).contains("raise azure.redis.token.request-timeout");
	}

	@Test
	void onlySentencesThatLinkToDocumentationAreLeftOut() {
		assertThat(TokenFailureDiagnosis.withoutDocumentationLinks("Azure CLI not installed.To mitigate this issue, "
				+ "please refer to the troubleshooting guidelines here at https://aka.ms/azsdk/java/identity/x"))
			.isEqualTo("Azure CLI not installed.");
		assertThat(TokenFailureDiagnosis.withoutDocumentationLinks("Resource https://redis.example.invalid was not "
				+ "found: java.net.ConnectException. See https://learn.microsoft.com/entra for more information."))
			.isEqualTo("Resource https://redis.example.invalid was not found: java.net.ConnectException.");
	}

	private static void assertNoSecretAdvice(EntraIdAuthenticationException report) {
		assertThat(report.describe() + report.getAction()).doesNotContain("refused the client secret",
				"secret that has not expired", "client certificate", "refused the service principal",
				"No application with that client id");
	}

	private static EntraIdAuthenticationException diagnose(CredentialSource source, Throwable failure) {
		return new TokenFailureDiagnosis(source, SCOPE, Duration.ofSeconds(30)).diagnose(failure);
	}

	private static CredentialSource defaultCredential() {
		return new CredentialSource("DefaultAzureCredential", Type.DEFAULT, null, false, null);
	}

	private static CredentialSource azureCliCredential() {
		return new CredentialSource("AzureCliCredential", Type.AZURE_CLI, null, false, null);
	}

	private static CredentialSource servicePrincipal(boolean secret) {
		return new CredentialSource(secret ? "ClientSecretCredential" : "ClientCertificateCredential",
				Type.SERVICE_PRINCIPAL, CLIENT_ID, !secret, null);
	}

}
