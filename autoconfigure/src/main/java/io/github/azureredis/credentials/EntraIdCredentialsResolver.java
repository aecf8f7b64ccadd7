package io.github.azureredis.credentials;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;

/**
 * Redisson's view of the {@link EntraIdTokenManager}: credentials for every new connection, and a renewal signal on
 * which Redisson re-sends {@code AUTH} on every open connection.
 *
 * @author Azure Redis Cache contributors
 */
final class EntraIdCredentialsResolver implements CredentialsResolver {

	private final EntraIdTokenManager tokenManager;

	/**
	 * Creates a resolver.
	 * @param tokenManager the started token manager
	 */
	public EntraIdCredentialsResolver(EntraIdTokenManager tokenManager) {
		this.tokenManager = tokenManager;
	}

	@Override
	public CompletionStage<Credentials> resolve(@Nullable InetSocketAddress address) {
		return this.tokenManager.credentials();
	}

	@Override
	public CompletionStage<Void> nextRenewal() {
		return this.tokenManager.nextRenewal();
	}

	@Override
	public String toString() {
		return "EntraIdCredentialsResolver[" + this.tokenManager + "]";
	}

}
