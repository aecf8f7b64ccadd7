package io.github.azureredis.credentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.github.azureredis.credentials.CredentialProperties.Type;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.StringUtils;

/**
 * Builds the azure-identity {@link TokenCredential} that {@code azure.redis.credential.*} describes, refusing
 * combinations that cannot work with a message naming the property to fix. Secrets are never named as the faulty
 * property, since Spring Boot's failure report prints the value of the property it names.
 *
 * @author Azure Redis Cache contributors
 */
final class TokenCredentialFactory {

	private static final String PREFIX = "azure.redis.credential.";

	private TokenCredentialFactory() {
	}

	static TokenCredential create(CredentialProperties properties) {
		Type type = resolveType(properties);
		return switch (type) {
			case SERVICE_PRINCIPAL -> servicePrincipal(properties);
			case MANAGED_IDENTITY -> managedIdentity(properties);
			case WORKLOAD_IDENTITY -> workloadIdentity(properties);
			case AZURE_CLI -> azureCli(properties);
			case DEFAULT, AUTO -> defaultCredential(properties);
		};
	}

	/**
	 * The kind of credential the properties describe.
	 * @param properties the properties
	 * @return the kind, never {@code auto}
	 */
	static Type resolveType(CredentialProperties properties) {
		boolean servicePrincipalSecret = StringUtils.hasText(properties.getClientSecret())
				|| StringUtils.hasText(properties.getClientCertificatePath());
		Type type = properties.getType();
		if (type == Type.AUTO) {
			return servicePrincipalSecret ? Type.SERVICE_PRINCIPAL : Type.DEFAULT;
		}
		if (type != Type.SERVICE_PRINCIPAL && servicePrincipalSecret) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "type", name(type),
					"A client secret or certificate is set, which only a service principal uses. Set "
							+ PREFIX + "type=service-principal, or remove " + PREFIX + "client-secret and " + PREFIX
							+ "client-certificate-path.");
		}
		return type;
	}

	private static TokenCredential servicePrincipal(CredentialProperties properties) {
		requireText(properties.getTenantId(), "tenant-id", "A service principal needs the tenant id.");
		requireText(properties.getClientId(), "client-id", "A service principal needs its client (application) id.");
		boolean secret = StringUtils.hasText(properties.getClientSecret());
		String certificate = properties.getClientCertificatePath();
		if (secret && StringUtils.hasText(certificate)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "client-certificate-path", certificate,
					"Both a client secret and a client certificate are set: keep one of them.");
		}
		if (!secret && !StringUtils.hasText(certificate)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "type", "service-principal",
					"A service principal needs " + PREFIX + "client-secret or " + PREFIX + "client-certificate-path.");
		}
		if (secret) {
			ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder()
				.tenantId(properties.getTenantId())
				.clientId(properties.getClientId())
				.clientSecret(properties.getClientSecret());
			if (properties.getAuthorityHost() != null) {
				builder.authorityHost(properties.getAuthorityHost());
			}
			return builder.build();
		}
		// Without a secret, a certificate path is set (checked above).
		String certificatePath = Objects.requireNonNull(certificate);
		Path path = Path.of(certificatePath);
		if (!Files.isReadable(path)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "client-certificate-path", certificate,
					"No readable file at " + path.toAbsolutePath() + ".");
		}
		ClientCertificateCredentialBuilder builder = new ClientCertificateCredentialBuilder()
			.tenantId(properties.getTenantId())
			.clientId(properties.getClientId());
		if (certificatePath.toLowerCase(Locale.ROOT).endsWith(".pem")) {
			builder.pemCertificate(certificatePath);
		}
		else {
			builder.pfxCertificate(certificatePath).clientCertificatePassword(properties.getClientCertificatePassword());
		}
		if (properties.getAuthorityHost() != null) {
			builder.authorityHost(properties.getAuthorityHost());
		}
		return builder.build();
	}

	private static TokenCredential managedIdentity(CredentialProperties properties) {
		ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
		if (StringUtils.hasText(properties.getClientId())) {
			builder.clientId(properties.getClientId());
		}
		return builder.build();
	}

	private static TokenCredential workloadIdentity(CredentialProperties properties) {
		String tokenFile = firstText(properties.getFederatedTokenFile(), System.getenv("AZURE_FEDERATED_TOKEN_FILE"));
		requireText(firstText(properties.getTenantId(), System.getenv("AZURE_TENANT_ID")), "tenant-id",
				"A workload identity needs the tenant id (or the AZURE_TENANT_ID environment variable).");
		requireText(firstText(properties.getClientId(), System.getenv("AZURE_CLIENT_ID")), "client-id",
				"A workload identity needs its client id (or the AZURE_CLIENT_ID environment variable).");
		requireText(tokenFile, "federated-token-file",
				"A workload identity needs the federated token file (or the AZURE_FEDERATED_TOKEN_FILE environment variable).");
		WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder().tokenFilePath(tokenFile);
		if (StringUtils.hasText(properties.getTenantId())) {
			builder.tenantId(properties.getTenantId());
		}
		if (StringUtils.hasText(properties.getClientId())) {
			builder.clientId(properties.getClientId());
		}
		if (properties.getAuthorityHost() != null) {
			builder.authorityHost(properties.getAuthorityHost());
		}
		return builder.build();
	}

	private static TokenCredential azureCli(CredentialProperties properties) {
		AzureCliCredentialBuilder builder = new AzureCliCredentialBuilder();
		if (StringUtils.hasText(properties.getTenantId())) {
			builder.tenantId(properties.getTenantId());
		}
		return builder.build();
	}

	private static TokenCredential defaultCredential(CredentialProperties properties) {
		DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
		if (StringUtils.hasText(properties.getClientId())) {
			// A client id alone names a user-assigned managed identity or a workload identity.
			builder.managedIdentityClientId(properties.getClientId()).workloadIdentityClientId(properties.getClientId());
		}
		if (StringUtils.hasText(properties.getTenantId())) {
			builder.tenantId(properties.getTenantId());
		}
		if (properties.getAuthorityHost() != null) {
			builder.authorityHost(properties.getAuthorityHost());
		}
		return builder.build();
	}

	private static void requireText(@Nullable String value, String property, String reason) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, reason);
		}
	}

	private static @Nullable String firstText(@Nullable String first, @Nullable String second) {
		return StringUtils.hasText(first) ? first : second;
	}

	private static String name(Type type) {
		return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
