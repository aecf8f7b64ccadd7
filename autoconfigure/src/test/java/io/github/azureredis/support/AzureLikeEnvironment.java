package io.github.azureredis.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.testsupport.AzureLikeRedis;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import io.github.azureredis.testsupport.TestCertificates;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An Azure-like Redis (TLS, Microsoft Entra ID tokens enforced) with a fake token endpoint, and a context runner
 * whose application authenticates to it as an Azure application would.
 */
public final class AzureLikeEnvironment implements AutoCloseable {

	/** The object id of the application's identity. */
	public static final String OBJECT_ID = "3f2b9c1e-7a4d-4c1b-8e5f-0a9b8c7d6e5f";

	private final FakeEntraId issuer = new FakeEntraId();

	private final TestCertificates certificates = TestCertificates.create();

	private final AzureLikeRedis redis;

	private final FakeTokenCredential credential;

	/**
	 * Starts the server; the credential issues tokens of the given lifetime.
	 * @param tokenLifetime the lifetime of each token
	 */
	public AzureLikeEnvironment(Duration tokenLifetime) {
		this.redis = AzureLikeRedis.start(this.issuer, this.certificates, OBJECT_ID);
		this.credential = new FakeTokenCredential(this.issuer, OBJECT_ID, tokenLifetime);
	}

	/** @return the server */
	public AzureLikeRedis redis() {
		return this.redis;
	}

	/** @return the token endpoint the application uses */
	public FakeTokenCredential credential() {
		return this.credential;
	}

	/** @return the issuer */
	public FakeEntraId issuer() {
		return this.issuer;
	}

	/** @return the certificates of the server */
	public TestCertificates certificates() {
		return this.certificates;
	}

	/** @return the properties of an application that uses the server with Microsoft Entra ID */
	public String[] properties() {
		List<String> properties = new ArrayList<>(List.of("spring.data.redis.host=" + this.redis.host(),
				"spring.data.redis.port=" + this.redis.port(), "spring.data.redis.ssl.enabled=true",
				"spring.data.redis.ssl.bundle=azure",
				"spring.ssl.bundle.pem.azure.truststore.certificate=file:" + this.certificates.caCertificatePath(),
				"azure.redis.authentication=entra-id"));
		return properties.toArray(String[]::new);
	}

	/** @return a context runner for such an application, with the fake credential as its TokenCredential bean */
	public ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withPropertyValues(properties())
			.withBean(TokenCredential.class, () -> this.credential);
	}

	@Override
	public void close() {
		this.redis.close();
	}

}
