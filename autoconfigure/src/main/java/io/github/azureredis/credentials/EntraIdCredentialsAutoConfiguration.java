package io.github.azureredis.credentials;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.connection.AzureRedisConnectionDetails;
import io.github.azureredis.connection.AzureRedisProperties;
import io.github.azureredis.connection.AzureRedisProperties.Authentication;
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
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration of Microsoft Entra ID authentication: a started {@link EntraIdTokenManager} on the
 * application's {@link TokenCredential} bean (or one built from {@code azure.redis.credential.*}), and the
 * {@link CredentialsResolver} through which the Redisson client authenticates and re-authenticates. Backs off
 * when the application defines its own {@link CredentialsResolver}.
 * <p>
 * Whether Microsoft Entra ID is used is decided by the connection details
 * ({@link AzureRedisConnectionDetails#getAuthentication()}), which may be a bean and are known only once the
 * context runs, and in an application processed ahead of time only where it is deployed. So these beans are always
 * defined, and each is a {@code null} bean (absent to injection points) unless Microsoft Entra ID is selected: an
 * access key or no authentication requests no token.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(before = AzureRedisClientAutoConfiguration.class)
@ConditionalOnClass({ RedissonClient.class, DataRedisConnectionDetails.class, TokenCredential.class,
		DefaultAzureCredentialBuilder.class })
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
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
			ObjectProvider<DataRedisConnectionDetails> connectionDetails) {
		if (!(connectionDetails.getIfAvailable() instanceof AzureRedisConnectionDetails details)
				|| details.getAuthentication() != Authentication.ENTRA_ID) {
			return null;
		}
		// The application's own credential wins, as apps that already build one expect.
		TokenCredential applicationCredential = tokenCredential.getIfUnique();
		TokenCredential credential = (applicationCredential != null) ? applicationCredential
				: TokenCredentialFactory.create(credentialProperties);
		CredentialSource source = (applicationCredential != null) ? CredentialSource.applicationBean(credential)
				: CredentialSource.configured(credentialProperties, credential);
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
