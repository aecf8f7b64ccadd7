package io.github.azureredis.credentials;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.credentials.CredentialProperties.Type;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Where the application's token comes from, as far as a failure report needs it: which credential, and which of
 * its settings are configured, so that the report advises only about what exists. Holds no secret.
 *
 * @param name the credential's class name, e.g. {@code DefaultAzureCredential}
 * @param type the kind configured with {@code azure.redis.credential.type}, or {@code null} for the application's
 * own {@link TokenCredential} bean
 * @param clientId the configured client id (not a secret), if any
 * @param clientCertificate whether a client certificate is configured
 * @param federatedTokenFile the configured federated token file, if any
 * @author Azure Redis Cache contributors
 */
record CredentialSource(String name, @Nullable Type type, @Nullable String clientId, boolean clientCertificate,
		@Nullable String federatedTokenFile) {

	/**
	 * Describes the application's own credential bean.
	 * @param credential the bean
	 * @return its description
	 */
	static CredentialSource applicationBean(TokenCredential credential) {
		return new CredentialSource(credential.getClass().getSimpleName(), null, null, false, null);
	}

	/**
	 * Describes the credential that {@code azure.redis.credential.*} configures.
	 * @param properties the properties
	 * @param credential the azure-identity credential built from them
	 * @return its description
	 */
	static CredentialSource configured(CredentialProperties properties, TokenCredential credential) {
		return new CredentialSource(credential.getClass().getSimpleName(),
				TokenCredentialFactory.resolveType(properties),
				StringUtils.hasText(properties.getClientId()) ? properties.getClientId() : null,
				StringUtils.hasText(properties.getClientCertificatePath()),
				StringUtils.hasText(properties.getFederatedTokenFile()) ? properties.getFederatedTokenFile() : null);
	}

	/** @return whether the token comes from the application's own bean rather than from the properties */
	boolean isApplicationBean() {
		return this.type == null;
	}

}
