package io.github.azureredis.faults;

import io.github.azureredis.connection.AzureRedisConnectionDetailsAutoConfiguration;
import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.credentials.EntraIdCredentialsAutoConfiguration;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.TestCertificates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.PermissionDeniedDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Mistakes in the configuration stop start-up with Spring Boot's failure report, which names the property to fix
 * and never shows a secret.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class BadInputTests {

	private static final String SECRET = "n0t-th3-r1ght-k3y";

	@Test
	void malformedHost(CapturedOutput output) {
		assertThat(report(output, "--spring.data.redis.host=my cache.redis.cache.windows.net"))
			.contains("spring.data.redis.host").contains("is not a host name");
	}

	@Test
	void urlGivenAsHost(CapturedOutput output) {
		assertThat(report(output, "--spring.data.redis.host=rediss://:" + SECRET + "@mycache.redis.cache.windows.net"))
			.contains("spring.data.redis.host");
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void portOutOfRange(CapturedOutput output) {
		assertThat(report(output, "--spring.data.redis.host=localhost", "--spring.data.redis.port=70000"))
			.contains("spring.data.redis.port").contains("out of range");
	}

	@Test
	void portThatIsNotANumber(CapturedOutput output) {
		assertThat(report(output, "--spring.data.redis.port=sixthousand")).contains("spring.data.redis.port");
	}

	@Test
	void unknownAuthentication(CapturedOutput output) {
		assertThat(report(output, "--azure.redis.authentication=kerberos")).contains("azure.redis.authentication")
			.contains("ENTRA_ID");
	}

	@Test
	void nothingListening(CapturedOutput output) {
		assertThat(report(output, "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=1"))
			.contains("Nothing accepted the connection").contains("spring.data.redis.port");
	}

	@Test
	void wrongAccessKey(CapturedOutput output) {
		try (RedisServer redis = RedisServer.builder().password("the-real-key").start()) {
			assertThat(report(output, "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port(),
					"--spring.data.redis.password=" + SECRET))
				.contains("Redis refused the credentials")
				.contains("spring.data.redis.password");
			assertThat(output).doesNotContain(SECRET).doesNotContain("the-real-key");
		}
	}

	@Test
	void passwordMissing(CapturedOutput output) {
		try (RedisServer redis = RedisServer.builder().password("the-real-key").start()) {
			assertThat(report(output, "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port()))
				.contains("Redis requires authentication")
				.contains("spring.data.redis.password");
		}
	}

	@Test
	void certificateThatDoesNotNameTheHost(CapturedOutput output) {
		TestCertificates certificates = TestCertificates.createOnlyFor("other.example");
		try (RedisServer redis = RedisServer.builder().tls(certificates).start()) {
			assertThat(report(output, "--spring.data.redis.host=localhost", "--spring.data.redis.port=" + redis.port(),
					"--spring.data.redis.ssl.enabled=true", "--spring.data.redis.ssl.bundle=redis",
					"--spring.ssl.bundle.pem.redis.truststore.certificate=file:" + certificates.caCertificatePath()))
				.contains("does not name the host")
				.contains("spring.data.redis.host");
		}
	}

	@Test
	void untrustedCertificate(CapturedOutput output) {
		TestCertificates certificates = TestCertificates.create();
		try (RedisServer redis = RedisServer.builder().tls(certificates).start()) {
			assertThat(report(output, "--spring.data.redis.host=localhost", "--spring.data.redis.port=" + redis.port(),
					"--spring.data.redis.ssl.enabled=true"))
				.contains("not trusted")
				.contains("spring.data.redis.ssl.bundle");
		}
	}

	@Test
	void tlsAgainstAPlainPort(CapturedOutput output) {
		try (RedisServer redis = RedisServer.start()) {
			assertThat(report(output, "--spring.data.redis.host=localhost", "--spring.data.redis.port=" + redis.port(),
					"--spring.data.redis.ssl.enabled=true", "--spring.data.redis.connect-timeout=2s",
					"--azure.redis.client.retry-attempts=0"))
				.contains("plain TCP")
				.contains("spring.data.redis.port");
		}
	}

	@Test
	void userWithoutPermissionForTheCacheKeys() {
		try (RedisServer redis = RedisServer.builder()
			.config("user", "app", "on", ">app-password", "~orders:*", "+@all")
			.start()) {
			ApplicationContextRunner runner = new ApplicationContextRunner()
				.withConfiguration(TestAutoConfigurations.all())
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.username=app", "spring.data.redis.password=app-password");
			runner.run((context) -> assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> context.getBean(BookService.class).find("1"))
				.withMessageContaining("NOPERM")
				.withMessageContaining("spring.data.redis.username")
				.withMessageContaining("spring.cache.redis.key-prefix")
				.withMessageNotContaining("app-password"));
			runner.withPropertyValues("spring.cache.redis.key-prefix=orders:").run((context) -> {
				BookService books = context.getBean(BookService.class);
				books.find("1");
				books.find("1");
				assertThat(books.lookups()).as("the key the user may use is cached").isOne();
			});
		}
	}

	private static String report(CapturedOutput output, String... arguments) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.run(arguments)
			.close());
		String all = output.getAll();
		int start = all.lastIndexOf("APPLICATION FAILED TO START");
		assertThat(start).as("a failure report").isNotNegative();
		return all.substring(start);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AzureRedisConnectionDetailsAutoConfiguration.class, EntraIdCredentialsAutoConfiguration.class, AzureRedisClientAutoConfiguration.class,
			DataRedisAutoConfiguration.class, SslAutoConfiguration.class })
	static class Application {

	}

}
