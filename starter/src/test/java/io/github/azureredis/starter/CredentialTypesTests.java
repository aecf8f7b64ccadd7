package io.github.azureredis.starter;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.azureredis.testsupport.AzureLikeRedis;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeEntraIdEndpoint;
import io.github.azureredis.testsupport.FakeEntraIdEndpoint.Request;
import io.github.azureredis.testsupport.TestCertificates;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token request through each credential type the starter offers, with exactly the libraries the starter brings
 * (azure-identity on the JDK's HTTP client, without Netty's HTTP stack): an application in its own JVM, on the
 * starter's runtime classpath,
 * fetches its token from a local, TLS-only stand-in for Microsoft Entra ID, authenticates with it to an Azure-like
 * Redis that verifies the token, and round-trips a cache entry. No request leaves the loopback interface: the
 * instance metadata endpoint is redirected to the stand-in, and only {@code localhost} resolves.
 */
class CredentialTypesTests {

	private static final String CLIENT_SECRET = FakeEntraIdEndpoint.CLIENT_SECRET;

	private static final Map<String, String> OBJECT_ID_BY_CLIENT_ID = Map.of(
			"11111111-0000-0000-0000-000000000001", "aaaaaaaa-0000-0000-0000-000000000001",
			"11111111-0000-0000-0000-000000000002", "aaaaaaaa-0000-0000-0000-000000000002",
			"11111111-0000-0000-0000-000000000003", "aaaaaaaa-0000-0000-0000-000000000003",
			"11111111-0000-0000-0000-000000000004", "aaaaaaaa-0000-0000-0000-000000000004",
			"11111111-0000-0000-0000-000000000005", "aaaaaaaa-0000-0000-0000-000000000005");

	private static final String SECRET_CLIENT = "11111111-0000-0000-0000-000000000001";

	private static final String CERTIFICATE_CLIENT = "11111111-0000-0000-0000-000000000002";

	private static final String WORKLOAD_CLIENT = "11111111-0000-0000-0000-000000000003";

	private static final String USER_ASSIGNED_CLIENT = "11111111-0000-0000-0000-000000000004";

	private static final String ENVIRONMENT_CLIENT = "11111111-0000-0000-0000-000000000005";

	private static final String SYSTEM_ASSIGNED_OBJECT_ID = "aaaaaaaa-0000-0000-0000-00000000000a";

	private static final String CLI_USER_OBJECT_ID = "aaaaaaaa-0000-0000-0000-00000000000b";

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

	private static final FakeEntraId issuer = new FakeEntraId();

	private static TestCertificates certificates;

	private static AzureLikeRedis redis;

	private static FakeEntraIdEndpoint entraId;

	@TempDir
	private Path directory;

	@BeforeAll
	static void start() {
		certificates = TestCertificates.create();
		List<String> objectIds = new ArrayList<>(OBJECT_ID_BY_CLIENT_ID.values());
		objectIds.add(SYSTEM_ASSIGNED_OBJECT_ID);
		objectIds.add(CLI_USER_OBJECT_ID);
		redis = AzureLikeRedis.start(issuer, certificates, objectIds.toArray(String[]::new));
		entraId = new FakeEntraIdEndpoint(issuer, certificates, OBJECT_ID_BY_CLIENT_ID, SYSTEM_ASSIGNED_OBJECT_ID);
	}

	@AfterAll
	static void stop() {
		if (entraId != null) {
			entraId.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void systemAssignedManagedIdentityOfAppService() throws Exception {
		Run run = new Run().environment("IDENTITY_ENDPOINT", entraId.url() + FakeEntraIdEndpoint.APP_SERVICE_PATH)
			.environment("IDENTITY_HEADER", FakeEntraIdEndpoint.IDENTITY_HEADER)
			.property("azure.redis.credential.type", "managed-identity");
		List<Request> requests = run.succeeds();
		assertThat(requests).extracting(Request::kind).containsOnly("app-service");
		assertThat(requests.get(0).parameters()).containsEntry("resource", FakeEntraId.AUDIENCE);
	}

	@Test
	void userAssignedManagedIdentityThroughInstanceMetadata() throws Exception {
		Run run = new Run().property("azure.redis.credential.type", "managed-identity")
			.property("azure.redis.credential.client-id", USER_ASSIGNED_CLIENT);
		List<Request> requests = run.succeeds();
		assertThat(requests).extracting(Request::kind).containsOnly("imds");
		assertThat(requests).extracting(Request::clientId).containsOnly(USER_ASSIGNED_CLIENT);
	}

	@Test
	void servicePrincipalWithSecret() throws Exception {
		Run run = new Run().property("azure.redis.credential.tenant-id", issuer.tenantId())
			.property("azure.redis.credential.client-id", SECRET_CLIENT)
			.property("azure.redis.credential.client-secret", CLIENT_SECRET)
			.property("azure.redis.credential.authority-host", entraId.url());
		List<Request> tokenRequests = tokenRequests(run.succeeds());
		assertThat(tokenRequests).extracting(Request::kind).containsOnly("client-secret");
		assertThat(tokenRequests.get(0).clientId()).isEqualTo(SECRET_CLIENT);
		assertThat(tokenRequests.get(0).parameters()).containsEntry("client_secret", CLIENT_SECRET);
		assertThat(tokenRequests.get(0).parameters().get("scope")).contains(FakeEntraId.SCOPE);
	}

	@Test
	void servicePrincipalWithCertificate() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		X509Certificate certificate = selfSigned(keys);
		Path pem = this.directory.resolve("service-principal.pem");
		Files.writeString(pem, pem(new JcaPKCS8Generator(keys.getPrivate(), null)) + pem(certificate));
		Run run = new Run().property("azure.redis.credential.tenant-id", issuer.tenantId())
			.property("azure.redis.credential.client-id", CERTIFICATE_CLIENT)
			.property("azure.redis.credential.client-certificate-path", pem.toString())
			.property("azure.redis.credential.authority-host", entraId.url());
		List<Request> tokenRequests = tokenRequests(run.succeeds());
		assertThat(tokenRequests).extracting(Request::kind).containsOnly("client-assertion");
		Map<String, String> form = tokenRequests.get(0).parameters();
		assertThat(form).containsEntry("client_id", CERTIFICATE_CLIENT)
			.containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		assertSignedBy(form.get("client_assertion"), certificate);
	}

	@Test
	void workloadIdentity() throws Exception {
		Path tokenFile = this.directory.resolve("federated-token");
		String federatedToken = "federated-token-of-the-kubernetes-service-account";
		Files.writeString(tokenFile, federatedToken);
		Run run = new Run().property("azure.redis.credential.type", "workload-identity")
			.property("azure.redis.credential.tenant-id", issuer.tenantId())
			.property("azure.redis.credential.client-id", WORKLOAD_CLIENT)
			.property("azure.redis.credential.federated-token-file", tokenFile.toString())
			.property("azure.redis.credential.authority-host", entraId.url());
		List<Request> tokenRequests = tokenRequests(run.succeeds());
		assertThat(tokenRequests).extracting(Request::kind).containsOnly("client-assertion");
		assertThat(tokenRequests.get(0).parameters()).containsEntry("client_id", WORKLOAD_CLIENT)
			.containsEntry("client_assertion", federatedToken);
	}

	@Test
	void azureCli() throws Exception {
		Run run = new Run().azureCli().property("azure.redis.credential.type", "azure-cli");
		assertThat(run.succeeds()).isEmpty();
		assertThat(run.azureCliCalls()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("account get-access-token", FakeEntraId.AUDIENCE);
	}

	@Test
	void defaultCredentialFromEnvironmentVariables() throws Exception {
		Run run = new Run().environment("AZURE_TENANT_ID", issuer.tenantId())
			.environment("AZURE_CLIENT_ID", ENVIRONMENT_CLIENT)
			.environment("AZURE_CLIENT_SECRET", CLIENT_SECRET)
			.environment("AZURE_AUTHORITY_HOST", entraId.url());
		List<Request> tokenRequests = tokenRequests(run.succeeds());
		assertThat(tokenRequests).extracting(Request::kind).containsOnly("client-secret");
		assertThat(tokenRequests).extracting(Request::clientId).containsOnly(ENVIRONMENT_CLIENT);
	}

	@Test
	void defaultCredentialFallsThroughManagedIdentityAndDeveloperToolsToAzureCli() throws Exception {
		// No identity on this "machine": the managed identity answers "not found", IntelliJ and VS Code have no
		// sign-in (their lookups use JNA), then the Azure CLI's sign-in is used.
		Run run = new Run().azureCli();
		List<Request> requests = run.succeeds();
		assertThat(requests).extracting(Request::kind).containsOnly("imds");
		assertThat(run.azureCliCalls()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("account get-access-token");
	}

	/** The starter's runtime classpath, as an application gets it, and the application's class. */
	private static String applicationClasspath() throws Exception {
		Path runtimeClasspath = Path.of(System.getProperty("runtime.classpath.file"));
		Path applicationClasses = Path.of(CachingApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		return applicationClasses + File.pathSeparator + Files.readString(runtimeClasspath).trim();
	}

	private static List<Request> tokenRequests(List<Request> requests) {
		return requests.stream().filter((request) -> !request.kind().equals("instance-discovery")).toList();
	}

	private static X509Certificate selfSigned(KeyPair keys) throws Exception {
		X500Name name = new X500Name("CN=azure-redis-cache-test-service-principal");
		Instant now = Instant.now();
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
				Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
				keys.getPublic());
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
	}

	private static String pem(Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		return text.toString();
	}

	private static void assertSignedBy(String jwt, X509Certificate certificate) throws Exception {
		String[] parts = jwt.split("\\.");
		assertThat(parts).hasSize(3);
		String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		assertThat(claim(payload, "iss")).isEqualTo(CERTIFICATE_CLIENT);
		assertThat(claim(payload, "sub")).isEqualTo(CERTIFICATE_CLIENT);
		String algorithm = claim(header, "alg");
		Signature signature;
		if ("PS256".equals(algorithm)) {
			signature = Signature.getInstance("RSASSA-PSS");
			signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
		}
		else {
			assertThat(algorithm).isEqualTo("RS256");
			signature = Signature.getInstance("SHA256withRSA");
		}
		signature.initVerify(certificate.getPublicKey());
		signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
		assertThat(signature.verify(Base64.getUrlDecoder().decode(parts[2])))
			.as("client assertion signed with the certificate's key").isTrue();
	}

	private static String claim(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		return matcher.find() ? matcher.group(1) : null;
	}

	/**
	 * One run of {@link CachingApplication} in a JVM of its own, with a clean environment: a home directory without
	 * any sign-in, no Azure variable but those the test sets, and the instance metadata endpoint on loopback.
	 */
	private final class Run {

		private final Map<String, String> environment = new LinkedHashMap<>();

		private final Map<String, String> properties = new LinkedHashMap<>();

		private Path azureCliLog;

		Run() throws IOException {
			Path home = Files.createDirectories(CredentialTypesTests.this.directory.resolve("home"));
			this.environment.put("HOME", home.toString());
			this.environment.put("PATH", "/usr/bin:/bin");
			this.environment.put("AZURE_POD_IDENTITY_AUTHORITY_HOST", entraId.url());
			this.properties.put("spring.data.redis.host", redis.host());
			this.properties.put("spring.data.redis.port", Integer.toString(redis.port()));
			this.properties.put("spring.data.redis.ssl.enabled", "true");
			this.properties.put("spring.data.redis.ssl.bundle", "azure");
			this.properties.put("spring.ssl.bundle.pem.azure.truststore.certificate",
					"file:" + certificates.caCertificatePath());
			this.properties.put("azure.redis.authentication", "entra-id");
		}

		Run environment(String name, String value) {
			this.environment.put(name, value);
			return this;
		}

		Run property(String name, String value) {
			this.properties.put(name, value);
			return this;
		}

		/** Puts an {@code az} on the PATH that prints a token of a signed-in user, as the Azure CLI does. */
		Run azureCli() throws IOException {
			Path bin = Files.createDirectories(CredentialTypesTests.this.directory.resolve("az-bin"));
			Path output = CredentialTypesTests.this.directory.resolve("az-output.json");
			Files.writeString(output, entraId.azureCliOutput(CLI_USER_OBJECT_ID));
			this.azureCliLog = CredentialTypesTests.this.directory.resolve("az-calls.log");
			Path az = bin.resolve("az");
			Files.writeString(az, "#!/bin/sh\necho \"$*\" >> '" + this.azureCliLog + "'\ncat '" + output + "'\n");
			Files.setPosixFilePermissions(az, PosixFilePermissions.fromString("rwxr-xr-x"));
			this.environment.put("PATH", bin + ":/usr/bin:/bin");
			return this;
		}

		List<String> azureCliCalls() throws IOException {
			return Files.exists(this.azureCliLog) ? Files.readAllLines(this.azureCliLog) : List.of();
		}

		/** Runs the application, requires its cache round trip, and returns what Entra ID was asked meanwhile. */
		List<Request> succeeds() throws Exception {
			int before = entraId.requests().size();
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:TieredStopAtLevel=1", "-Xmx256m",
					"-Djavax.net.ssl.trustStore=" + certificates.trustStorePath(),
					"-Djavax.net.ssl.trustStorePassword=" + TestCertificates.STORE_PASSWORD,
					"-cp", applicationClasspath(), CachingApplication.class.getName()));
			this.properties.forEach((name, value) -> command.add("--" + name + "=" + value));
			Path log = CredentialTypesTests.this.directory.resolve("application.log");
			// Only loopback names resolve: MSAL's instance discovery for an authority it does not know goes to
			// Microsoft's public endpoint, which a test must not reach.
			Path hosts = Files.writeString(CredentialTypesTests.this.directory.resolve("hosts"), "127.0.0.1 localhost\n");
			command.add(1, "-Djdk.net.hosts.file=" + hosts);
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().clear();
			builder.environment().putAll(this.environment);
			Process process = builder.start();
			boolean exited = process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			if (!exited) {
				process.destroyForcibly().waitFor();
			}
			String output = Files.readString(log);
			System.out.println("Output of " + command.subList(command.size() - this.properties.size(), command.size())
					+ " with " + this.environment.keySet() + ":\n" + output);
			assertThat(exited).as("application ended within %s:%n%s", RUN_TIMEOUT, output).isTrue();
			assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
			assertThat(output).contains(CachingApplication.SUCCESS)
				.doesNotContain(CLIENT_SECRET)
				.doesNotContain("Netty version", "io.netty.handler.codec.http", "The header is restricted");
			for (String token : entraId.issuedTokens()) {
				assertThat(output).as("no token in the output").doesNotContain(token);
			}
			List<Request> requests = entraId.requests();
			List<Request> made = List.copyOf(requests.subList(before, requests.size()));
			System.out.println("Requests to Microsoft Entra ID: " + made.stream().map(Request::kind).toList());
			return made;
		}

	}

}
