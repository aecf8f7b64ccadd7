package io.github.azureredis.faults;

import java.time.Duration;
import java.util.List;

import io.github.azureredis.properties.AzureRedisSanitizingAutoConfiguration;
import io.github.azureredis.health.EntraIdHealthIndicator;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.LogLevels;
import io.github.azureredis.support.Secrets;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.Load;
import io.github.azureredis.testsupport.RedisServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.client.RedisWrongPasswordException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With logging at DEBUG, through token rotations, connection failures and wrong credentials, no token, access key
 * or password appears in the output, in exception messages, or in the Actuator env, configprops and health
 * responses, even with their values shown.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class SecretsTests {

	private static final String ACCESS_KEY = "Acc3ss-K3y-Th4t-Must-N0t-Leak";

	private static final String CLIENT_SECRET = "Cl13nt-S3cr3t-Th4t-Must-N0t-Leak";

	private static final String[] DEBUG = { "io.github.azureredis", "org.redisson", "org.springframework.data.redis",
			"org.springframework.boot.autoconfigure" };

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void accessKeyNeverShown(CapturedOutput output) {
		try (RedisServer redis = RedisServer.builder().password(ACCESS_KEY).start(); LogLevels debug = LogLevels.debug(DEBUG)) {
			runner().withPropertyValues("spring.data.redis.url=redis://:" + ACCESS_KEY + "@127.0.0.1:" + redis.port())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					exercise(context);
					assertThat(actuatorResponses(context)).doesNotContain(ACCESS_KEY);
				});
			runner().withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.password=wrong-" + ACCESS_KEY)
				.run((context) -> {
					// Start-up fails because Redis refuses the password, and the failure does not show it.
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure())
						.hasMessageContaining("Could not connect to Redis at 127.0.0.1:" + redis.port() + " without TLS")
						.hasRootCauseInstanceOf(RedisWrongPasswordException.class)
						.rootCause()
						.hasMessageStartingWith("WRONGPASS");
					assertThat(messages(context.getStartupFailure())).doesNotContain(ACCESS_KEY);
				});
			redis.stop();
			assertThat(output.getAll()).doesNotContain(ACCESS_KEY);
		}
	}

	@Test
	void tokensAndClientSecretNeverShown(CapturedOutput output) {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofSeconds(3));
				LogLevels debug = LogLevels.debug(DEBUG)) {
			azure.runner()
				.withConfiguration(AutoConfigurations.of(AzureRedisSanitizingAutoConfiguration.class))
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("azure.redis.credential.client-secret=" + CLIENT_SECRET,
						"azure.redis.credential.type=service-principal", "azure.redis.credential.tenant-id=t",
						"azure.redis.credential.client-id=c", "azure.redis.token.retry-max-backoff=1s",
						"azure.redis.token.retry-initial-backoff=500ms")
				.run((context) -> {
					// Across rotations, then an outage past expiry and the recovery.
					Load.run(4, Duration.ofSeconds(5), (thread, i) -> context.getBean(BookService.class).find("k" + (i % 50)));
					azure.credential().failRequests();
					Load.Result failing = Load.run(2, Duration.ofSeconds(4),
							(thread, i) -> context.getBean(BookService.class).find("k" + (i % 50)));
					azure.credential().recover();
					Load.sleep(Duration.ofSeconds(2));
					exercise(context);
					String responses = actuatorResponses(context)
							+ json.writeValueAsString(context.getBean(EntraIdHealthIndicator.class).health(true));
					String exceptions = String.join("\n",
							failing.failures().stream().map((failure) -> messages(failure.error())).toList());
					for (String text : List.of(output.getAll(), responses, exceptions)) {
						Secrets.assertNoTokenIn(text, azure.credential());
						assertThat(text).doesNotContain(CLIENT_SECRET);
					}
					assertThat(failing.failureCount()).as("calls failed while the token was expired").isPositive();
					assertThat(azure.credential().issuedTokens()).as("tokens issued, each checked above")
						.hasSizeGreaterThan(1);
				});
		}
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withConfiguration(AutoConfigurations.of(AzureRedisSanitizingAutoConfiguration.class))
			.withUserConfiguration(CachingConfiguration.class);
	}

	private static void exercise(AssertableApplicationContext context) {
		BookService books = context.getBean(BookService.class);
		books.find("secret-test");
		books.rename("secret-test", "renamed");
		books.evict("secret-test");
	}

	/** The env and configprops endpoints with every value shown, and the Redis health. */
	private static String actuatorResponses(AssertableApplicationContext context) {
		List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
		assertThat(sanitizers).isNotEmpty();
		EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
		ConfigurationPropertiesReportEndpoint configprops = new ConfigurationPropertiesReportEndpoint(sanitizers,
				Show.ALWAYS);
		configprops.setApplicationContext(context);
		String health = json.writeValueAsString(
				new DataRedisHealthIndicator(context.getBean(RedisConnectionFactory.class)).health(true));
		return json.writeValueAsString(env.environment(null)) + json.writeValueAsString(configprops.configurationProperties())
				+ health;
	}

	private static String messages(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			text.append(cause).append('\n');
		}
		return text.toString();
	}

}
