package io.github.azureredis.credentials;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which Microsoft Entra ID identity the application uses for Redis, when the context has no {@code TokenCredential}
 * bean of its own.
 *
 * @author Azure Redis Cache contributors
 */
@ConfigurationProperties("azure.redis.credential")
public class CredentialProperties {

	/**
	 * Kind of credential. 'auto' picks a service principal when a client secret or certificate is set, else
	 * DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI and developer tools).
	 */
	private Type type = Type.AUTO;

	/**
	 * Client (application) id: of the user-assigned managed identity, the service principal or the workload
	 * identity.
	 */
	private @Nullable String clientId;

	/**
	 * Tenant id of the service principal or workload identity.
	 */
	private @Nullable String tenantId;

	/**
	 * Client secret of the service principal.
	 */
	private @Nullable String clientSecret;

	/**
	 * Path of the service principal's certificate (PEM, or PFX with a password).
	 */
	private @Nullable String clientCertificatePath;

	/**
	 * Password of a PFX client certificate.
	 */
	private @Nullable String clientCertificatePassword;

	/**
	 * Federated token file of the workload identity. Default: the AZURE_FEDERATED_TOKEN_FILE environment variable.
	 */
	private @Nullable String federatedTokenFile;

	/**
	 * Microsoft Entra ID endpoint, for sovereign clouds. Default: the public cloud's.
	 */
	private @Nullable String authorityHost;

	public Type getType() {
		return this.type;
	}

	public void setType(Type type) {
		this.type = type;
	}

	public @Nullable String getClientId() {
		return this.clientId;
	}

	public void setClientId(@Nullable String clientId) {
		this.clientId = clientId;
	}

	public @Nullable String getTenantId() {
		return this.tenantId;
	}

	public void setTenantId(@Nullable String tenantId) {
		this.tenantId = tenantId;
	}

	public @Nullable String getClientSecret() {
		return this.clientSecret;
	}

	public void setClientSecret(@Nullable String clientSecret) {
		this.clientSecret = clientSecret;
	}

	public @Nullable String getClientCertificatePath() {
		return this.clientCertificatePath;
	}

	public void setClientCertificatePath(@Nullable String clientCertificatePath) {
		this.clientCertificatePath = clientCertificatePath;
	}

	public @Nullable String getClientCertificatePassword() {
		return this.clientCertificatePassword;
	}

	public void setClientCertificatePassword(@Nullable String clientCertificatePassword) {
		this.clientCertificatePassword = clientCertificatePassword;
	}

	public @Nullable String getFederatedTokenFile() {
		return this.federatedTokenFile;
	}

	public void setFederatedTokenFile(@Nullable String federatedTokenFile) {
		this.federatedTokenFile = federatedTokenFile;
	}

	public @Nullable String getAuthorityHost() {
		return this.authorityHost;
	}

	public void setAuthorityHost(@Nullable String authorityHost) {
		this.authorityHost = authorityHost;
	}

	/**
	 * Kinds of credential.
	 */
	public enum Type {

		/**
		 * A service principal when a client secret or certificate is set, else DefaultAzureCredential.
		 */
		AUTO,

		/**
		 * DefaultAzureCredential: environment variables, workload identity, managed identity, Azure CLI, Azure
		 * Developer CLI, Azure PowerShell and IDE sign-ins, in that order.
		 */
		DEFAULT,

		/**
		 * A managed identity: system-assigned, or user-assigned when client-id is set.
		 */
		MANAGED_IDENTITY,

		/**
		 * A service principal with a client secret or certificate.
		 */
		SERVICE_PRINCIPAL,

		/**
		 * A Kubernetes workload identity (federated token file).
		 */
		WORKLOAD_IDENTITY,

		/**
		 * The account signed in with the Azure CLI ('az login'), for developer machines.
		 */
		AZURE_CLI

	}

}
