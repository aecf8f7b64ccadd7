package io.github.azureredis.credentials;

import java.nio.file.Files;
import java.nio.file.Path;

import com.azure.identity.ClientCertificateCredential;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.WorkloadIdentityCredential;
import io.github.azureredis.credentials.CredentialProperties.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenCredentialFactoryTests {

	private final CredentialProperties properties = new CredentialProperties();

	@Test
	void defaultAzureCredentialByDefault() {
		assertThat(TokenCredentialFactory.create(this.properties)).isInstanceOf(DefaultAzureCredential.class);
	}

	@Test
	void secretMeansServicePrincipal() {
		this.properties.setTenantId("tenant");
		this.properties.setClientId("app");
		this.properties.setClientSecret("secret");
		assertThat(TokenCredentialFactory.create(this.properties)).isInstanceOf(ClientSecretCredential.class);
	}

	@Test
	void certificateMeansServicePrincipal(@TempDir Path directory) throws Exception {
		Path certificate = Files.writeString(directory.resolve("app.pem"), "-----BEGIN CERTIFICATE-----");
		this.properties.setTenantId("tenant");
		this.properties.setClientId("app");
		this.properties.setClientCertificatePath(certificate.toString());
		assertThat(TokenCredentialFactory.create(this.properties)).isInstanceOf(ClientCertificateCredential.class);
	}

	@Test
	void managedIdentity() {
		this.properties.setType(Type.MANAGED_IDENTITY);
		this.properties.setClientId("user-assigned");
		assertThat(TokenCredentialFactory.create(this.properties)).isInstanceOf(ManagedIdentityCredential.class);
	}

	@Test
	void workloadIdentity(@TempDir Path directory) throws Exception {
		this.properties.setType(Type.WORKLOAD_IDENTITY);
		this.properties.setTenantId("tenant");
		this.properties.setClientId("app");
		this.properties.setFederatedTokenFile(Files.writeString(directory.resolve("token"), "x").toString());
		assertThat(TokenCredentialFactory.create(this.properties)).isInstanceOf(WorkloadIdentityCredential.class);
	}

	@Test
	void secretWithoutTenantNamesTheTenantProperty() {
		this.properties.setClientId("app");
		this.properties.setClientSecret("secret");
		assertInvalid("azure.redis.credential.tenant-id");
	}

	@Test
	void secretWithoutClientIdNamesTheClientIdProperty() {
		this.properties.setTenantId("tenant");
		this.properties.setClientSecret("secret");
		assertInvalid("azure.redis.credential.client-id");
	}

	@Test
	void secretAndCertificateTogetherAreRefused() {
		this.properties.setTenantId("tenant");
		this.properties.setClientId("app");
		this.properties.setClientSecret("secret");
		this.properties.setClientCertificatePath("/app.pem");
		assertInvalid("azure.redis.credential.client-certificate-path");
	}

	@Test
	void certificateThatDoesNotExistIsRefused() {
		this.properties.setTenantId("tenant");
		this.properties.setClientId("app");
		this.properties.setClientCertificatePath("/nonexistent/app.pem");
		assertInvalid("azure.redis.credential.client-certificate-path");
	}

	@Test
	void secretWithAManagedIdentityIsRefused() {
		this.properties.setType(Type.MANAGED_IDENTITY);
		this.properties.setClientSecret("secret");
		assertInvalid("azure.redis.credential.type");
	}

	@Test
	void servicePrincipalWithoutSecretOrCertificateIsRefused() {
		this.properties.setType(Type.SERVICE_PRINCIPAL);
		this.properties.setTenantId("tenant");
		this.properties.setClientId("app");
		assertInvalid("azure.redis.credential.type");
	}

	private void assertInvalid(String property) {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> TokenCredentialFactory.create(this.properties))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo(property))
			.satisfies((ex) -> assertThat(String.valueOf(ex.getValue())).doesNotContain("secret"));
	}

}
