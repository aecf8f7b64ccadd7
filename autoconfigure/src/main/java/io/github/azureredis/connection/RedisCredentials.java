package io.github.azureredis.connection;

import org.jspecify.annotations.Nullable;
import org.redisson.config.CredentialsResolver;

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
