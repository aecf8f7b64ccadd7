package io.github.azureredis.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.azureredis.maintenance.AzureRedisMaintenance;
import io.github.azureredis.maintenance.AzureRedisMaintenanceEvent;
import io.github.azureredis.maintenance.AzureRedisMaintenanceEvent.NotificationType;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Azure Cache for Redis maintenance as the client sees it: whether it listens to the {@code AzureRedisEvents} channel,
 * whether a maintenance window is open (and the command timeout in force), the recent notifications and how many of
 * each type arrived. Always UP: a maintenance is announced so that calls ride through it; the {@code redis}
 * contributor reports whether Redis answers.
 *
 * @author Azure Redis Cache contributors
 */
public class AzureRedisMaintenanceHealthIndicator extends AbstractHealthIndicator {

	private final AzureRedisMaintenance maintenance;

	/**
	 * Creates an indicator.
	 * @param maintenance the maintenance listener
	 */
	public AzureRedisMaintenanceHealthIndicator(AzureRedisMaintenance maintenance) {
		super("Azure Redis maintenance health check failed");
		this.maintenance = maintenance;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up().withDetail("listening", this.maintenance.isEnabled());
		if (!this.maintenance.isEnabled()) {
			builder.withDetail("reason", "not an Azure Cache for Redis host; set azure.redis.maintenance.enabled=true "
					+ "to listen to " + AzureRedisMaintenance.CHANNEL + " anyway");
			return;
		}
		builder.withDetail("channel", AzureRedisMaintenance.CHANNEL)
			.withDetail("subscribed", this.maintenance.isSubscribed())
			.withDetail("maintenanceWindow", this.maintenance.isWindowOpen())
			.withDetail("commandTimeout", this.maintenance.commandTimeout().toMillis() + " ms");
		Instant openedAt = this.maintenance.windowOpenedAt();
		if (openedAt != null) {
			builder.withDetail("windowOpenedAt", openedAt.toString());
		}
		Instant closesBy = this.maintenance.windowClosesBy();
		if (closesBy != null) {
			builder.withDetail("windowClosesBy", closesBy.toString());
		}
		Map<String, Long> counts = new LinkedHashMap<>();
		for (NotificationType type : NotificationType.values()) {
			long count = this.maintenance.count(type);
			if (count > 0) {
				counts.put(type.azureName(), count);
			}
		}
		builder.withDetail("notifications", counts);
		builder.withDetail("recentNotifications",
				this.maintenance.recentEvents().stream().map(AzureRedisMaintenanceHealthIndicator::describe).toList());
	}

	private static String describe(AzureRedisMaintenanceEvent event) {
		return event.getReceivedAt() + " " + event;
	}

}
