package io.github.azureredis.metrics;

import java.util.concurrent.TimeUnit;

import io.github.azureredis.maintenance.AzureRedisMaintenance;
import io.github.azureredis.maintenance.AzureRedisMaintenanceEvent.NotificationType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of Azure Cache for Redis maintenance:
 * <ul>
 * <li>{@code azure.redis.maintenance.notifications}: notifications received on {@code AzureRedisEvents}, tagged with
 * their {@code type} ({@code NodeMaintenanceStarting}, ..., {@code Unknown});</li>
 * <li>{@code azure.redis.command.timeout}: the command timeout of a cache call starting now, relaxed during a
 * maintenance window.</li>
 * </ul>
 *
 * @author Azure Redis Cache contributors
 */
public class AzureRedisMaintenanceMetrics implements MeterBinder {

	private final AzureRedisMaintenance maintenance;

	/**
	 * Creates the binder.
	 * @param maintenance the maintenance listener
	 */
	public AzureRedisMaintenanceMetrics(AzureRedisMaintenance maintenance) {
		this.maintenance = maintenance;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.maintenance.isEnabled()) {
			for (NotificationType type : NotificationType.values()) {
				FunctionCounter
					.builder("azure.redis.maintenance.notifications", this.maintenance,
							(maintenance) -> maintenance.count(type))
					.tag("type", type.azureName())
					.description("Maintenance notifications received from Azure Cache for Redis")
					.register(registry);
			}
		}
		TimeGauge
			.builder("azure.redis.command.timeout", this.maintenance, TimeUnit.MILLISECONDS,
					(maintenance) -> maintenance.commandTimeout().toMillis())
			.description("Longest a cache call starting now waits for Redis")
			.register(registry);
	}

}
