package io.github.azureredis.connection;

import org.jspecify.annotations.Nullable;
import org.redisson.config.CredentialsResolver;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * What the client authenticates with: a credentials resolver (Microsoft Entra ID), a static user name and password
 * (access key), or nothing. Its {@code toString} never shows the password.
 *
 * @param resolver the resolver, or {@code null}
 * @param username the static user name, or {@code null}
 * @param password the static password, or {@code null}
 * @author Azure Redis Cache contributors
 */
record RedisCredentials(@Nullable CredentialsResolver resolver, @Nullable String username,
		@Nullable String password) {

	/**
	 * The credentials for the authentication the connection details decided: a credentials resolver bean wins
	 * (Microsoft Entra ID's, or the application's own); else the details' user name and password for an access key;
	 * else none.
	 * @param details the connection details
	 * @param resolver the credentials resolver bean, if any
	 * @return the credentials
	 */
	static RedisCredentials select(AzureRedisConnectionDetails details, @Nullable CredentialsResolver resolver) {
		if (resolver != null) {
			return resolvedBy(resolver);
		}
		return switch (details.getAuthentication()) {
			case ENTRA_ID -> throw new IllegalStateException("Microsoft Entra ID authentication is selected for "
					+ RedisEndpoint.of(details).primaryHost() + " but com.azure:azure-identity is not on the "
					+ "classpath: add it (the starter brings it), or set spring.data.redis.password to use an "
					+ "access key.");
			case ACCESS_KEY -> {
				String password = details.getPassword();
				if (password == null) {
					throw new InvalidConfigurationPropertyValueException("spring.data.redis.password", null,
							"azure.redis.authentication=access-key needs a password (the cache's access key).");
				}
				yield password(details.getUsername(), password);
			}
			case NONE -> none();
		};
	}

	static RedisCredentials resolvedBy(CredentialsResolver resolver) {
		return new RedisCredentials(resolver, null, null);
	}

	static RedisCredentials password(@Nullable String username, String password) {
		return new RedisCredentials(null, username, password);
	}

	static RedisCredentials none() {
		return new RedisCredentials(null, null, null);
	}

	@Override
	public String toString() {
		return (this.resolver != null) ? "RedisCredentials[resolver=" + this.resolver + "]"
				: (this.password != null) ? "RedisCredentials[username=" + this.username + ", password=******]"
						: "RedisCredentials[none]";
	}

}
