package io.github.azureredis.metrics;

import java.util.concurrent.TimeUnit;

import io.github.azureredis.credentials.EntraIdTokenManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of Microsoft Entra ID authentication to Redis.
 * <ul>
 * <li>{@code azure.redis.token.refreshes}: tokens obtained, the first one included;</li>
 * <li>{@code azure.redis.token.refresh.failures}: failed token requests;</li>
 * <li>{@code azure.redis.token.expiry}: time until the current token expires, negative once it has;</li>
 * <li>{@code azure.redis.authentications}: {@code AUTH} commands sent, tagged {@code reason=new-connection} or
 * {@code reason=token-renewal} (re-authentication of an open connection).</li>
 * </ul>
 *
 * @author Azure Redis Cache contributors
 */
public class EntraIdTokenMetrics implements MeterBinder {

	private final EntraIdTokenManager tokenManager;

	/**
	 * Creates the binder.
	 * @param tokenManager the token manager
	 */
	public EntraIdTokenMetrics(EntraIdTokenManager tokenManager) {
		this.tokenManager = tokenManager;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("azure.redis.token.refreshes", this.tokenManager, EntraIdTokenManager::refreshCount)
			.description("Microsoft Entra ID tokens obtained for Redis")
			.register(registry);
		FunctionCounter
			.builder("azure.redis.token.refresh.failures", this.tokenManager, EntraIdTokenManager::failureCount)
			.description("Failed Microsoft Entra ID token requests for Redis")
			.register(registry);
		TimeGauge
			.builder("azure.redis.token.expiry", this.tokenManager, TimeUnit.MILLISECONDS,
					(manager) -> manager.timeToExpiry().toMillis())
			.description("Time until the Microsoft Entra ID token for Redis expires")
			.register(registry);
		FunctionCounter
			.builder("azure.redis.authentications", this.tokenManager,
					EntraIdTokenManager::connectionAuthenticationCount)
			.tag("reason", "new-connection")
			.description("AUTH commands sent to Redis")
			.register(registry);
		FunctionCounter
			.builder("azure.redis.authentications", this.tokenManager, EntraIdTokenManager::reauthenticationCount)
			.tag("reason", "token-renewal")
			.description("AUTH commands sent to Redis")
			.register(registry);
	}

}
