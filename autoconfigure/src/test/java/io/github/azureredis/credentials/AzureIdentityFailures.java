package io.github.azureredis.credentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeEntraIdEndpoint;
import io.github.azureredis.testsupport.FreePorts;
import io.github.azureredis.testsupport.TestCertificates;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

import org.springframework.util.FileSystemUtils;

/**
 * Failures as azure-identity and MSAL raise them: from the real credentials against the local Microsoft Entra ID
 * ({@link FakeEntraIdEndpoint}). A credential that takes its settings from its builder runs in this JVM; one that
 * reads them from the environment (the managed identity endpoint, the Azure CLI on the {@code PATH}) runs in a JVM of
 * its own, with nothing but the environment the situation needs (no Azure variable, an empty home directory, only
 * {@code localhost} resolving) and hands its exception back serialized. When azure-identity changes a message or the
 * shape of an exception, what these return changes with it, and the tests that diagnose them fail.
 */
final class AzureIdentityFailures implements AutoCloseable {

	/** A client id that the local Microsoft Entra ID knows. */
	static final String CLIENT_ID = "11111111-0000-0000-0000-000000000001";

	private static final String SCOPE = FakeEntraId.SCOPE;

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

	/** Failures of the other JVMs, serialized, by situation: they do not change between test classes. */
	private static final Map<String, byte[]> raisedElsewhere = new ConcurrentHashMap<>();

	private final FakeEntraId issuer = new FakeEntraId();

	private final TestCertificates certificates = TestCertificates.create();

	private final FakeEntraIdEndpoint endpoint;

	private final Path directory;

	AzureIdentityFailures() {
		this.endpoint = new FakeEntraIdEndpoint(this.issuer, this.certificates,
				Map.of(CLIENT_ID, "aaaaaaaa-0000-0000-0000-000000000001"), null);
		try {
			this.directory = Files.createTempDirectory("azure-identity-failures");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the tenant the local Microsoft Entra ID knows */
	String tenantId() {
		return this.issuer.tenantId();
	}

	/**
	 * A {@code ClientSecretCredential}'s failure.
	 * @param tenantId the tenant
	 * @param clientId the client id
	 * @param secret the secret: {@link FakeEntraIdEndpoint#CLIENT_SECRET} is the right one
	 * @param scope the scope requested
	 * @return what it threw
	 */
	RuntimeException servicePrincipal(String tenantId, String clientId, String secret, String scope) {
		return raise(new ClientSecretCredentialBuilder().tenantId(tenantId)
			.clientId(clientId)
			.clientSecret(secret)
			.authorityHost(this.endpoint.url())
			.httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(this.certificates.clientContext()))
				.build())
			.build(), scope);
	}

	/** @return a {@code ClientSecretCredential}'s failure when nothing listens at the authority host */
	RuntimeException servicePrincipalUnreachable() {
		return raise(new ClientSecretCredentialBuilder().tenantId(tenantId())
			.clientId(CLIENT_ID)
			.clientSecret(FakeEntraIdEndpoint.CLIENT_SECRET)
			.authorityHost("https://localhost:" + FreePorts.find())
			.maxRetry(0)
			.build(), SCOPE);
	}

	/**
	 * A {@code WorkloadIdentityCredential}'s failure for a token file that does not exist.
	 * @param tokenFile the file
	 * @return what it threw
	 */
	RuntimeException workloadIdentityWithoutTokenFile(String tokenFile) {
		return raise(new WorkloadIdentityCredentialBuilder().tenantId(tenantId())
			.clientId(CLIENT_ID)
			.tokenFilePath(tokenFile)
			.authorityHost(this.endpoint.url())
			.build(), SCOPE);
	}

	/**
	 * {@code DefaultAzureCredential} on a developer machine: no identity in the environment, no managed identity
	 * (the instance metadata endpoint answers "Identity not found"), no developer tool signed in.
	 * @param azureCli whether an Azure CLI is installed, signed out
	 * @return what it threw
	 */
	RuntimeException defaultCredentialOnADeveloperMachine(boolean azureCli) {
		return raiseElsewhere("developer machine" + (azureCli ? ", signed out of the Azure CLI" : ""), "default",
				Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", this.endpoint.url()), azureCli);
	}

	/**
	 * {@code DefaultAzureCredential} where something that is not a managed identity endpoint answers at its address
	 * (a proxy, another cloud's metadata service), so that the chain stops there.
	 * @return what it threw
	 */
	RuntimeException defaultCredentialWhereSomethingElseAnswersForManagedIdentity() {
		return raiseElsewhere("not Azure", "default",
				Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", this.endpoint.notAzureUrl()), false);
	}

	/**
	 * {@code DefaultAzureCredential} with a service principal in the environment that has a wrong secret.
	 * @return what it threw
	 */
	RuntimeException defaultCredentialWithAWrongSecretInTheEnvironment() {
		return raiseElsewhere("wrong secret in the environment", "default", Map.of("AZURE_TENANT_ID", tenantId(),
				"AZURE_CLIENT_ID", CLIENT_ID, "AZURE_CLIENT_SECRET", "wrong-secret", "AZURE_AUTHORITY_HOST",
				this.endpoint.url()), false);
	}

	/**
	 * {@code ManagedIdentityCredential} on a machine whose instance metadata endpoint has no such identity.
	 * @param clientId the client id of a user-assigned identity, or {@code null} for the system-assigned one
	 * @return what it threw
	 */
	RuntimeException managedIdentityNotAssigned(@Nullable String clientId) {
		String credential = "managed-identity" + ((clientId != null) ? ":" + clientId : "");
		return raiseElsewhere("not assigned " + credential, credential,
				Map.of("AZURE_POD_IDENTITY_AUTHORITY_HOST", this.endpoint.url()), false);
	}

	/** @return {@code ManagedIdentityCredential} of an App Service whose endpoint does not listen */
	RuntimeException managedIdentityUnreachable() {
		return raiseElsewhere("managed identity unreachable", "managed-identity",
				Map.of("IDENTITY_ENDPOINT", "http://127.0.0.1:" + FreePorts.find() + FakeEntraIdEndpoint.APP_SERVICE_PATH,
						"IDENTITY_HEADER", FakeEntraIdEndpoint.IDENTITY_HEADER),
				false);
	}

	/** @return {@code ManagedIdentityCredential} of an App Service whose endpoint throttles every request */
	RuntimeException managedIdentityThrottled() {
		return raiseElsewhere("managed identity throttled", "managed-identity",
				Map.of("IDENTITY_ENDPOINT", this.endpoint.throttlingUrl() + FakeEntraIdEndpoint.APP_SERVICE_PATH,
						"IDENTITY_HEADER", FakeEntraIdEndpoint.IDENTITY_HEADER),
				false);
	}

	/**
	 * {@code AzureCliCredential}'s failure.
	 * @param installed whether an Azure CLI is installed, signed out
	 * @return what it threw
	 */
	RuntimeException azureCli(boolean installed) {
		return raiseElsewhere("Azure CLI" + (installed ? " signed out" : ""), "azure-cli", Map.of(), installed);
	}

	private static RuntimeException raise(TokenCredential credential, String scope) {
		try {
			credential.getToken(new TokenRequestContext().addScopes(scope)).block(RUN_TIMEOUT);
		}
		catch (RuntimeException ex) {
			return (RuntimeException) Exceptions.unwrap(ex);
		}
		throw new IllegalStateException("The credential gave a token");
	}

	/**
	 * Runs {@link #main} in a JVM of its own and reads back what the credential threw there.
	 */
	private RuntimeException raiseElsewhere(String situation, String credential, Map<String, String> environment,
			boolean azureCli) {
		byte[] serialized = raisedElsewhere.computeIfAbsent(situation,
				(key) -> runElsewhere(credential, environment, azureCli));
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) {
			return (RuntimeException) in.readObject();
		}
		catch (IOException | ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] runElsewhere(String credential, Map<String, String> environment, boolean azureCli) {
		try {
			Path run = Files.createTempDirectory(this.directory, "run");
			Path bin = Files.createDirectories(run.resolve("bin"));
			if (azureCli) {
				Path az = bin.resolve("az");
				Files.writeString(az, "#!/bin/sh\necho \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n");
				Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
			}
			Path hosts = Files.writeString(run.resolve("hosts"), "127.0.0.1 localhost\n");
			Path failure = run.resolve("failure.ser");
			Path log = run.resolve("output.log");
			List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:TieredStopAtLevel=1", "-Xmx256m", "-Djdk.net.hosts.file=" + hosts,
					"-Djavax.net.ssl.trustStore=" + this.certificates.trustStorePath(),
					"-Djavax.net.ssl.trustStorePassword=" + TestCertificates.STORE_PASSWORD, "-cp",
					System.getProperty("java.class.path"), AzureIdentityFailures.class.getName(), credential,
					failure.toString());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().clear();
			builder.environment().put("HOME", Files.createDirectories(run.resolve("home")).toString());
			builder.environment().put("PATH", bin.toString());
			builder.environment().putAll(environment);
			Process process = builder.start();
			if (!process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
			if (!Files.exists(failure)) {
				throw new IllegalStateException("No failure from " + credential + " with " + environment + ":\n"
						+ Files.readString(log));
			}
			return Files.readAllBytes(failure);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Requests a token as the application would and writes what the credential threw.
	 * @param arguments the credential ({@code default}, {@code managed-identity[:client id]}, {@code azure-cli}) and
	 * the file to write to
	 * @throws IOException if the file cannot be written
	 */
	public static void main(String[] arguments) throws IOException {
		String[] credential = arguments[0].split(":");
		TokenCredential tokenCredential = switch (credential[0]) {
			case "default" -> new DefaultAzureCredentialBuilder().build();
			case "managed-identity" -> (credential.length > 1)
					? new ManagedIdentityCredentialBuilder().clientId(credential[1]).build()
					: new ManagedIdentityCredentialBuilder().build();
			case "azure-cli" -> new AzureCliCredentialBuilder().build();
			default -> throw new IllegalArgumentException(arguments[0]);
		};
		RuntimeException failure = raise(tokenCredential, SCOPE);
		try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(Path.of(arguments[1])))) {
			out.writeObject(failure);
		}
		System.exit(0);
	}

	@Override
	public void close() throws IOException {
		this.endpoint.close();
		FileSystemUtils.deleteRecursively(this.directory);
	}

}
