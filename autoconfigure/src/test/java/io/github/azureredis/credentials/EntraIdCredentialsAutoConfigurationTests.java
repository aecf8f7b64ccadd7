package io.github.azureredis.credentials;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.connection.AzureRedisConnectionDetailsAutoConfiguration;
import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.connection.AzureRedisConnectionDetails;
import io.github.azureredis.connection.AzureRedisProperties.Authentication;
import io.github.azureredis.health.AzureRedisHealthAutoConfiguration;
import io.github.azureredis.metrics.AzureRedisMetricsAutoConfiguration;
import io.github.azureredis.health.EntraIdHealthIndicator;
import io.github.azureredis.metrics.EntraIdTokenMetrics;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When Microsoft Entra ID authentication is configured, and when it backs off. The Redisson client is left out:
 * these tests are about the conditions, not about a connection.
 */
class EntraIdCredentialsAutoConfigurationTests {

	private static final String OID = "5c8e2d1a-3b4f-4a6e-9d7c-2e1f0a9b8c7d";

	private final FakeTokenCredential credential = new FakeTokenCredential(new FakeEntraId(), OID, Duration.ofHours(1));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				AzureRedisConnectionDetailsAutoConfiguration.class, EntraIdCredentialsAutoConfiguration.class,
				AzureRedisHealthAutoConfiguration.class, AzureRedisMetricsAutoConfiguration.class))
		.withBean(TokenCredential.class, () -> this.credential);

	@Test
	void azureHostWithoutPasswordUsesEntraId() {
		this.runner.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net").run((context) -> {
			assertThat(tokenManager(context)).isNotNull();
			assertThat(context.getBeansOfType(EntraIdCredentialsResolver.class)).hasSize(1);
			Credentials credentials = context.getBean(CredentialsResolver.class).resolve(null).toCompletableFuture().join();
			assertThat(credentials.getUsername()).isEqualTo(OID);
			assertThat(credentials.getPassword()).isEqualTo(this.credential.issuedTokens().get(0).value());
		});
	}

	@Test
	void aMistypedClientSettingIsReportedBeforeAnyTokenIsRequested() {
		new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withBean(TokenCredential.class, () -> this.credential)
			.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net",
					"azure.redis.client.connection-pool-size=0")
			.run((context) -> {
				assertThat(context).getFailure().hasStackTraceContaining("azure.redis.client.connection-pool-size");
				assertThat(this.credential.requests()).isZero();
			});
	}

	@Test
	void azureManagedRedisHostInAUrlUsesEntraId() {
		this.runner.withPropertyValues("spring.data.redis.url=rediss://myredis.westeurope.redis.azure.net:10000")
			.run((context) -> assertThat(tokenManager(context)).isNotNull());
	}

	@Test
	void azureClusterNodesUseEntraId() {
		this.runner.withPropertyValues("spring.data.redis.cluster.nodes=myredis.westeurope.redis.azure.net:10000")
			.run((context) -> assertThat(tokenManager(context)).isNotNull());
	}

	@Test
	void passwordMeansAccessKey() {
		this.runner
			.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net",
					"spring.data.redis.password=access-key")
			.run((context) -> {
				assertThat(tokenManager(context)).isNull();
				assertThat(context.getBeansOfType(CredentialsResolver.class)).isEmpty();
			});
	}

	@Test
	void passwordInTheUrlMeansAccessKey() {
		this.runner.withPropertyValues("spring.data.redis.url=rediss://:access-key@mycache.redis.cache.windows.net:6380")
			.run((context) -> assertThat(tokenManager(context)).isNull());
	}

	@Test
	void otherHostsUseNoAuthentication() {
		this.runner.withPropertyValues("spring.data.redis.host=localhost")
			.run((context) -> assertThat(tokenManager(context)).isNull());
	}

	@Test
	void explicitEntraIdForAnyHost() {
		this.runner.withPropertyValues("spring.data.redis.host=localhost", "azure.redis.authentication=entra-id")
			.run((context) -> assertThat(tokenManager(context)).isNotNull());
	}

	@Test
	void explicitNoneForAnAzureHost() {
		this.runner
			.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net", "azure.redis.authentication=none")
			.run((context) -> assertThat(tokenManager(context)).isNull());
	}

	@Test
	void unknownAuthenticationValueFailsNamingTheProperty() {
		this.runner.withPropertyValues("azure.redis.authentication=kerberos")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'azure.redis.authentication'"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner
			.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net", "azure.redis.enabled=false")
			.run((context) -> assertThat(tokenManager(context)).isNull());
	}

	@Test
	void backsOffForTheApplicationsOwnCredentialsResolver() {
		CredentialsResolver own = (address) -> CompletableFuture.completedFuture(new Credentials("user", "password"));
		this.runner.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net")
			.withBean(CredentialsResolver.class, () -> own)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EntraIdTokenManager.class);
				assertThat(context.getBeansOfType(CredentialsResolver.class).values()).containsExactly(own);
			});
		assertThat(this.credential.requests()).isZero();
	}

	@Test
	void credentialFromPropertiesWhenTheContextHasNone() {
		// The client asks for the credentials when it is created, before it connects.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AzureRedisConnectionDetailsAutoConfiguration.class,
					EntraIdCredentialsAutoConfiguration.class, AzureRedisClientAutoConfiguration.class,
					DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net",
					"azure.redis.credential.type=service-principal", "azure.redis.credential.client-id=app")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("azure.redis.credential.tenant-id"));
	}

	@Test
	void azureHostOfAConnectionDetailsBeanUsesEntraIdAsInProperties() {
		this.runner.withBean(DataRedisConnectionDetails.class, () -> standalone("mycache.redis.cache.windows.net", null))
			.run((context) -> {
				assertThat(tokenManager(context)).isNotNull();
				assertThat(context.getBean(DataRedisConnectionDetails.class))
					.isInstanceOfSatisfying(AzureRedisConnectionDetails.class, (details) -> {
						assertThat(details.getAuthentication()).isEqualTo(Authentication.ENTRA_ID);
						assertThat(details.getStandalone().getPort()).isEqualTo(6380);
						assertThat(details.getSslBundle()).isNotNull();
						assertThat(details.isLocationConfigured()).isTrue();
					});
			});
	}

	@Test
	void passwordOfAConnectionDetailsBeanMeansAccessKey() {
		this.runner.withBean(DataRedisConnectionDetails.class,
				() -> standalone("mycache.redis.cache.windows.net", "access-key"))
			.run((context) -> {
				assertThat(tokenManager(context)).isNull();
				assertThat(context.getBean(AzureRedisConnectionDetails.class).getAuthentication())
					.isEqualTo(Authentication.ACCESS_KEY);
			});
		assertThat(this.credential.requests()).isZero();
	}

	@Test
	void localConnectionDetailsBeanUsesNoAuthenticationWhateverThePropertiesSay() {
		this.runner.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net")
			.withBean(DataRedisConnectionDetails.class, () -> standalone("localhost", null))
			.run((context) -> {
				assertThat(tokenManager(context)).isNull();
				assertThat(context.getBean(AzureRedisConnectionDetails.class).getAuthentication())
					.isEqualTo(Authentication.NONE);
			});
	}

	@Test
	void springBootsDefaultLocationIsToldFromAConfiguredOne() {
		this.runner.run((context) -> assertThat(context.getBean(AzureRedisConnectionDetails.class)
			.isLocationConfigured()).isFalse());
		this.runner.withPropertyValues("spring.data.redis.host=localhost")
			.run((context) -> assertThat(context.getBean(AzureRedisConnectionDetails.class)
				.isLocationConfigured()).isTrue());
	}

	@Test
	void healthAndMetrics() {
		this.runner.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net").run((context) -> {
			assertThat(context.getBeansOfType(EntraIdHealthIndicator.class)).hasSize(1);
			assertThat(context.getBeansOfType(EntraIdTokenMetrics.class)).hasSize(1);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(EntraIdTokenMetrics.class).bindTo(registry);
			assertThat(registry.get("azure.redis.token.refreshes").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("azure.redis.token.refresh.failures").functionCounter().count()).isZero();
			assertThat(registry.get("azure.redis.token.expiry").timeGauge().value(java.util.concurrent.TimeUnit.MINUTES))
				.isBetween(58.0, 60.0);
			assertThat(registry.get("azure.redis.authentications").tag("reason", "token-renewal").functionCounter().count())
				.isZero();
			assertThat(context.getBean(EntraIdHealthIndicator.class).health(true).getDetails())
				.containsEntry("objectId", OID)
				.containsKeys("tokenExpiresAt", "nextRefreshAt")
				.doesNotContainKey("lastError");
		});
	}

	@Test
	void noHealthIndicatorWithoutEntraId() {
		this.runner.withPropertyValues("spring.data.redis.host=localhost")
			.run((context) -> assertThat(context.getBeansOfType(EntraIdHealthIndicator.class)).isEmpty());
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner
			.withPropertyValues("spring.data.redis.host=mycache.redis.cache.windows.net",
					"management.health.redis-entra-id.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EntraIdHealthIndicator.class));
	}

	private static @Nullable EntraIdTokenManager tokenManager(ApplicationContext context) {
		return context.getBeanProvider(EntraIdTokenManager.class).getIfAvailable();
	}

	private static DataRedisConnectionDetails standalone(String host, @Nullable String password) {
		return new DataRedisConnectionDetails() {

			@Override
			public Standalone getStandalone() {
				return Standalone.of(host, 6379);
			}

			@Override
			public @Nullable String getPassword() {
				return password;
			}

		};
	}

}
