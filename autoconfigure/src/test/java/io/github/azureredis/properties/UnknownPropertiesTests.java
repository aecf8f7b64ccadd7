package io.github.azureredis.properties;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key under {@code azure.redis} must be a property of the starter, in every group, whether or not its feature
 * is on. No server is needed: the check runs before anything connects.
 */
class UnknownPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AzureRedisPropertiesAutoConfiguration.class));

	@Test
	void everyDocumentedKindOfKeyIsAccepted() {
		this.runner
			.withPropertyValues("azure.redis.enabled=true", "azure.redis.authentication=entra-id",
					"azure.redis.username=oid", "azure.redis.client.retry-attempts=3",
					"azure.redis.client.retry-max-delay=1s", "azure.redis.cluster.enabled=true",
					"azure.redis.cluster.read-from=master-and-replica", "azure.redis.cache.fail-open=true",
					"azure.redis.cache.allowed-packages=com.example,org.example",
					"azure.redis.cache.caches.books.time-to-live=10m", "azure.redis.cache.caches.authors.max-idle=1m",
					"azure.redis.cache.near-cache.enabled=true", "azure.redis.cache.batching.enabled=false",
					"azure.redis.jcache.statistics-enabled=true", "azure.redis.credential.type=managed-identity",
					"azure.redis.credential.client-id=id", "azure.redis.token.refresh-before-expiry=10m")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aKnownKeyGivenAnEmptyValueIsAccepted() {
		// As an environment override or a command-line argument clears a setting: Spring Boot binds it as unset.
		// Found as a user: the report said the key was "not a property", then "Did you mean" the same key.
		this.runner
			.withPropertyValues("azure.redis.cache.caches.books.max-idle=", "azure.redis.client.retry-max-delay=",
					"azure.redis.cache.allowed-packages=", "azure.redis.username=")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void mistypedClientKeyFailsWithTheKeyMeant() {
		this.runner.withPropertyValues("azure.redis.client.retry-atempts=3").run((context) -> {
			assertThat(context).getFailure()
				.isInstanceOf(UnknownPropertyException.class)
				.hasMessageContaining("'azure.redis.client.retry-atempts'")
				.hasMessageContaining("is not a property of the Azure Redis starter");
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getAction()).startsWith("Did you mean 'azure.redis.client.retry-attempts'?");
		});
	}

	@Test
	void mistypedKeyOfACacheEntrySuggestsTheKeyForThatCache() {
		this.runner.withPropertyValues("azure.redis.cache.caches.books.time-to-liv=10m")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getAction())
				.startsWith("Did you mean 'azure.redis.cache.caches.books.time-to-live'?"));
	}

	@Test
	void mistypedGroupFails() {
		this.runner.withPropertyValues("azure.redis.clinet.retry-attempts=3")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getAction())
				.startsWith("Did you mean 'azure.redis.client.retry-attempts'?"));
	}

	@Test
	void keyOfAFeatureThatIsOffIsCheckedToo() {
		this.runner.withPropertyValues("azure.redis.jcache.statistics-enabeld=true")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("'azure.redis.jcache.statistics-enabeld'"));
	}

	@Test
	void valueIsNeverShownAndUnrelatedKeysAreNotSuggested() {
		this.runner.withPropertyValues("azure.redis.credential.client-secrt=the-secret-value",
				"azure.redis.something-else-entirely=also-secret").run((context) -> {
					assertThat(context).getFailure()
						.hasMessageContaining("'azure.redis.credential.client-secrt'")
						.hasMessageContaining("nor is 'azure.redis.something-else-entirely' in the same source")
						.hasMessageNotContaining("the-secret-value");
					FailureAnalysis analysis = analyze(context.getStartupFailure());
					assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("secret-value");
					assertThat(analysis.getAction()).startsWith("Did you mean 'azure.redis.credential.client-secret'?");
				});
		this.runner.withPropertyValues("azure.redis.something-else-entirely=x")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getAction())
				.isEqualTo("Remove the key, or fix it: docs/configuration.md and your IDE's completion list every "
						+ "property."));
	}

	@Test
	void malformedValueIsLeftToSpringBootsBinding() {
		this.runner.withPropertyValues("azure.redis.client.retry-attempts=ten")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void environmentVariablesOfOtherToolsAreNotChecked() {
		this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("AZURE_REDIS_PASSWORD", "used-by-a-script"))))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void nothingIsCheckedWhenTheStarterIsOff() {
		this.runner.withPropertyValues("azure.redis.enabled=false", "azure.redis.clinet.retry-attempts=3")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new UnknownPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("analysis of %s", failure).isNotNull();
		return analysis;
	}

	@Test
	void everyPropertiesClassOfTheStarterIsChecked() throws ClassNotFoundException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		Set<Class<?>> declared = new HashSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("io.github.azureredis")) {
			declared.add(ClassUtils.forName(String.valueOf(candidate.getBeanClassName()), getClass().getClassLoader()));
		}
		assertThat(declared).as("@ConfigurationProperties classes").isNotEmpty();
		assertThat(UnknownPropertiesCheck.PROPERTIES).containsExactlyInAnyOrderElementsOf(declared);
	}

}
