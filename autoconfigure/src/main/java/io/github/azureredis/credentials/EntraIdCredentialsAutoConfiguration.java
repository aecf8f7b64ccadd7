package io.github.azureredis.credentials;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.connection.AzureRedisProperties;
import io.github.azureredis.observation.AzureRedisObservations;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.redisson.config.CredentialsResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Microsoft Entra ID authentication: a started {@link EntraIdTokenManager} on the
 * application's {@link TokenCredential} bean (or one built from {@code azure.redis.credential.*}), and the
 * {@link CredentialsResolver} through which the Redisson client authenticates and re-authenticates. Backs off
 * when the application defines its own {@link CredentialsResolver}.
 * <p>
 * In an application processed ahead of time these beans exist whatever the build-time configuration said (see
 * {@link EntraIdAuthenticationCondition}); each is then a {@code null} bean unless Microsoft Entra ID is selected
 * where the application runs, so that an access key or no authentication requests no token.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(before = AzureRedisClientAutoConfiguration.class)
@ConditionalOnClass({ RedissonClient.class, TokenCredential.class, DefaultAzureCredentialBuilder.class })
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
@Conditional(EntraIdAuthenticationCondition.class)
@ConditionalOnMissingBean(CredentialsResolver.class)
@EnableConfigurationProperties({ AzureRedisProperties.class, CredentialProperties.class, TokenProperties.class })
public final class EntraIdCredentialsAutoConfiguration {

	// Lazy: the client validates the connection properties first, so a mistyped host is reported as such
	// rather than hidden behind a token request.
	@Bean(destroyMethod = "close")
	@Lazy
	@ConditionalOnMissingBean
	@Nullable EntraIdTokenManager entraIdTokenManager(ObjectProvider<TokenCredential> tokenCredential,
			CredentialProperties credentialProperties, TokenProperties tokenProperties, AzureRedisProperties properties,
			ObjectProvider<EntraIdTokenListener> listeners, ObjectProvider<AzureRedisObservations> observations,
			Environment environment) {
		if (!EntraIdAuthenticationCondition.isSelected(environment)) {
			return null;
		}
		// The application's own credential wins, as apps that already build one expect.
		TokenCredential applicationCredential = tokenCredential.getIfUnique();
		TokenCredential credential = (applicationCredential != null) ? applicationCredential
				: TokenCredentialFactory.create(credentialProperties);
		CredentialSource source = (applicationCredential != null) ? CredentialSource.applicationBean(credential)
				: TokenCredentialFactory.describe(credentialProperties);
		EntraIdTokenManager manager = new EntraIdTokenManager(credential, source, tokenProperties,
				properties.getUsername(), EntraIdTokenManager.refresher(Clock.systemUTC()),
				() -> ThreadLocalRandom.current().nextDouble());
		listeners.orderedStream().forEach(manager::addListener);
		observations.ifAvailable(manager::observeWith);
		manager.start();
		return manager;
	}

	@Bean
	@Lazy
	@Nullable EntraIdCredentialsResolver entraIdCredentialsResolver(ObjectProvider<EntraIdTokenManager> tokenManager) {
		EntraIdTokenManager manager = tokenManager.getIfAvailable();
		return (manager != null) ? new EntraIdCredentialsResolver(manager) : null;
	}

}
