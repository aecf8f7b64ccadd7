package io.github.azureredis.credentials;

import java.time.Duration;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.CredentialUnavailableException;
import io.github.azureredis.connection.AzureRedisConnectionDetailsAutoConfiguration;
import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.Secrets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Start-up failures of Microsoft Entra ID authentication end in Spring Boot's failure report, saying what to set,
 * not in a stack trace, and show no secret.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class EntraIdStartupFailureTests {

	private static AzureLikeEnvironment azure;

	private static AzureIdentityFailures azureIdentity;

	@BeforeAll
	static void start() {
		azure = new AzureLikeEnvironment(Duration.ofHours(1));
		azureIdentity = new AzureIdentityFailures();
	}

	@AfterAll
	static void stop() throws Exception {
		azure.close();
		azureIdentity.close();
	}

	@AfterEach
	void restoreCredential() {
		azure.credential().recover();
		azure.credential().omitObjectId(false);
	}

	@Test
	void noCredentialAvailable(CapturedOutput output) {
		azure.credential()
			.failRequests(() -> new CredentialUnavailableException(
					"DefaultAzureCredential failed to retrieve a token from the included credentials."));
		String report = failureReport(output, FakeCredentialApplication.class);
		assertThat(report).contains("No Microsoft Entra ID credential is available for Redis", "az login",
				"azure.redis.credential.client-id", "azure.redis.credential.tenant-id");
	}

	@Test
	void developerMachineWithoutAnyIdentity(CapturedOutput output) {
		azure.credential().failRequests(() -> azureIdentity.defaultCredentialOnADeveloperMachine(false));
		String report = failureReport(output, FakeCredentialApplication.class);
		assertThat(report).contains("No Microsoft Entra ID credential is available for Redis", "Credentials tried:",
				"  - EnvironmentCredential authentication unavailable. Environment variables are not fully configured.",
				"  - AzureCliCredential authentication unavailable. Azure CLI not installed.",
				"install the Azure CLI first if it is missing", "AZURE_REDIS_CREDENTIAL_TYPE=azure-cli");
		assertThat(report).doesNotContain("refused the client secret", "troubleshooting guidelines");
	}

	@Test
	void managedIdentityEndpointAnsweringOnADeveloperMachine(CapturedOutput output) {
		azure.credential()
			.failRequests(() -> azureIdentity.defaultCredentialWhereSomethingElseAnswersForManagedIdentity());
		String report = failureReport(output, FakeCredentialApplication.class);
		assertThat(report).contains("stopped at ManagedIdentityCredential",
				"which failed (the credentials before it in its chain were unavailable, those after it were not tried): "
						+ "[Managed Identity] MSI returned 403, but the response could not be parsed",
				"answered without a token", "AZURE_REDIS_CREDENTIAL_TYPE=azure-cli", "azure.redis.credential.client-id");
		assertThat(report).doesNotContain("client secret", "certificate", "tenant id");
	}

	@Test
	void workloadIdentityWithoutItsTokenFile(CapturedOutput output) {
		String report = failureReport(output, PropertiesCredentialApplication.class,
				"--azure.redis.credential.type=workload-identity", "--azure.redis.credential.tenant-id=tenant",
				"--azure.redis.credential.client-id=app", "--azure.redis.credential.federated-token-file=/nonexistent/token");
		assertThat(report).contains("WorkloadIdentityCredential failed: Failed to read federated token from file.",
				"Innermost cause: java.nio.file.NoSuchFileException: /nonexistent/token",
				"The federated token file (/nonexistent/token) cannot be read",
				"azure.redis.credential.federated-token-file");
	}

	@Test
	void tokenWithoutObjectId(CapturedOutput output) {
		azure.credential().omitObjectId(true);
		String report = failureReport(output, FakeCredentialApplication.class);
		assertThat(report).contains("has no 'oid' (object id) claim", "Set azure.redis.username");
	}

	@Test
	void unknownScope(CapturedOutput output) {
		String report = failureReport(output, FakeCredentialApplication.class,
				"--azure.redis.token.scope=https://redis.example.invalid/.default");
		assertThat(report).contains("does not know the scope", "Set azure.redis.token.scope");
	}

	@Test
	void clientSecretWithoutTenant(CapturedOutput output) {
		String report = failureReport(output, PropertiesCredentialApplication.class,
				"--azure.redis.credential.client-secret=do-not-print-me", "--azure.redis.credential.client-id=app");
		assertThat(report).contains("azure.redis.credential.tenant-id", "A service principal needs the tenant id");
		assertThat(output.getAll()).doesNotContain("do-not-print-me");
	}

	@Test
	void certificateThatDoesNotExist(CapturedOutput output) {
		String report = failureReport(output, PropertiesCredentialApplication.class,
				"--azure.redis.credential.client-certificate-path=/nonexistent/app.pem",
				"--azure.redis.credential.tenant-id=tenant", "--azure.redis.credential.client-id=app");
		assertThat(report).contains("azure.redis.credential.client-certificate-path", "No readable file");
	}

	private String failureReport(CapturedOutput output, Class<?> application, String... arguments) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties(azure.properties())
			.run(arguments)
			.close());
		String all = output.getAll();
		assertThat(all).contains("APPLICATION FAILED TO START");
		Secrets.assertNoTokenIn(all, azure.credential());
		return all.substring(all.indexOf("APPLICATION FAILED TO START"));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AzureRedisConnectionDetailsAutoConfiguration.class, EntraIdCredentialsAutoConfiguration.class, AzureRedisClientAutoConfiguration.class,
			DataRedisAutoConfiguration.class, SslAutoConfiguration.class })
	static class PropertiesCredentialApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AzureRedisConnectionDetailsAutoConfiguration.class, EntraIdCredentialsAutoConfiguration.class, AzureRedisClientAutoConfiguration.class,
			DataRedisAutoConfiguration.class, SslAutoConfiguration.class })
	static class FakeCredentialApplication {

		@Bean
		TokenCredential testTokenCredential() {
			return azure.credential();
		}

	}

}
