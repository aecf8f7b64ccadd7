package io.github.azureredis.maintenance;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Maintenance notifications of Azure Cache for Redis ({@code AzureRedisEvents}) and what the client does on them.
 *
 * @author Azure Redis Cache contributors
 */
@ConfigurationProperties("azure.redis.maintenance")
public class AzureRedisMaintenanceProperties {

	/**
	 * Whether to listen to the AzureRedisEvents channel and act on its notifications. Default: true for Azure Cache
	 * for Redis host names (*.redis.cache.windows.net and the sovereign clouds' equivalents), false otherwise.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Longest a cache call waits for Redis, retries included, while an announced maintenance is under way (from
	 * NodeMaintenanceStarting until the failover completes), in place of spring.data.redis.timeout. Never shorter
	 * than spring.data.redis.timeout.
	 */
	private Duration relaxedTimeout = Duration.ofSeconds(10);

	/**
	 * Longest the relaxed timeout stays in force after the last NodeMaintenanceStarting or NodeMaintenanceStart,
	 * should the notification that ends the maintenance be lost.
	 */
	private Duration maxWindow = Duration.ofSeconds(60);

	/**
	 * Whether to reconnect every connection after NodeMaintenanceFailoverComplete, so that none stays on the former
	 * primary. Applies to a single endpoint; in a cluster Redisson follows the failover itself.
	 */
	private boolean reconnectAfterFailover = true;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRelaxedTimeout() {
		return this.relaxedTimeout;
	}

	public void setRelaxedTimeout(Duration relaxedTimeout) {
		this.relaxedTimeout = relaxedTimeout;
	}

	public Duration getMaxWindow() {
		return this.maxWindow;
	}

	public void setMaxWindow(Duration maxWindow) {
		this.maxWindow = maxWindow;
	}

	public boolean isReconnectAfterFailover() {
		return this.reconnectAfterFailover;
	}

	public void setReconnectAfterFailover(boolean reconnectAfterFailover) {
		this.reconnectAfterFailover = reconnectAfterFailover;
	}

}
