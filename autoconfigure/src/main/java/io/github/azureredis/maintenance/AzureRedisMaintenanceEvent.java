package io.github.azureredis.maintenance;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * A maintenance notification of Azure Cache for Redis, received on its {@code AzureRedisEvents} channel and published
 * as a Spring application event. Fields the message did not carry (or carried in a form that could not be read) are
 * {@code null}.
 *
 * @author Azure Redis Cache contributors
 */
public class AzureRedisMaintenanceEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final NotificationType notificationType;

	private final String notificationTypeName;

	private final @Nullable Instant startTime;

	private final @Nullable Boolean replica;

	private final @Nullable String ipAddress;

	private final @Nullable Integer sslPort;

	private final @Nullable Integer nonSslPort;

	private final Instant receivedAt;

	private final String message;

	/**
	 * Creates an event.
	 * @param source the listener that received it
	 * @param notificationTypeName the notification type as sent
	 * @param startTime when the maintenance starts
	 * @param replica whether the node is a replica
	 * @param ipAddress the node's IP address
	 * @param sslPort the node's TLS port
	 * @param nonSslPort the node's plain port
	 * @param receivedAt when the message arrived
	 * @param message the message as sent
	 */
	public AzureRedisMaintenanceEvent(Object source, String notificationTypeName, @Nullable Instant startTime,
			@Nullable Boolean replica, @Nullable String ipAddress, @Nullable Integer sslPort,
			@Nullable Integer nonSslPort, Instant receivedAt, String message) {
		super(source);
		this.notificationType = NotificationType.of(notificationTypeName);
		this.notificationTypeName = notificationTypeName;
		this.startTime = startTime;
		this.replica = replica;
		this.ipAddress = ipAddress;
		this.sslPort = sslPort;
		this.nonSslPort = nonSslPort;
		this.receivedAt = receivedAt;
		this.message = message;
	}

	/** @return the notification type, {@link NotificationType#UNKNOWN} for one this version does not know */
	public NotificationType getNotificationType() {
		return this.notificationType;
	}

	/** @return the notification type as sent */
	public String getNotificationTypeName() {
		return this.notificationTypeName;
	}

	/** @return when the maintenance starts ({@code StartTimeInUTC}), if the message says */
	public @Nullable Instant getStartTime() {
		return this.startTime;
	}

	/** @return whether the node under maintenance is a replica ({@code IsReplica}), if the message says */
	public @Nullable Boolean getReplica() {
		return this.replica;
	}

	/** @return the IP address of the node under maintenance ({@code IPAddress}), if the message says */
	public @Nullable String getIpAddress() {
		return this.ipAddress;
	}

	/** @return the node's TLS port ({@code SSLPort}), if the message says */
	public @Nullable Integer getSslPort() {
		return this.sslPort;
	}

	/** @return the node's plain port ({@code NonSSLPort}), if the message says */
	public @Nullable Integer getNonSslPort() {
		return this.nonSslPort;
	}

	/** @return when the message arrived */
	public Instant getReceivedAt() {
		return this.receivedAt;
	}

	/** @return the message as sent (it carries no secret) */
	public String getMessage() {
		return this.message;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder(
				this.notificationTypeName.isEmpty() ? "a notification without NotificationType" : this.notificationTypeName);
		if (this.replica != null || this.ipAddress != null) {
			text.append(" for ")
				.append(Boolean.TRUE.equals(this.replica) ? "replica" : (this.replica != null) ? "primary" : "node");
			if (this.ipAddress != null) {
				text.append(' ').append(this.ipAddress);
				if (this.sslPort != null) {
					text.append(':').append(this.sslPort);
				}
			}
		}
		if (this.startTime != null) {
			text.append(", starting at ").append(this.startTime);
		}
		return text.toString();
	}

	/**
	 * The notification types of {@code AzureRedisEvents}, in the order a maintenance sends them.
	 */
	public enum NotificationType {

		/** A maintenance is scheduled, usually 10 to 15 minutes ahead. */
		NODE_MAINTENANCE_SCHEDULED("NodeMaintenanceScheduled"),

		/** A maintenance starts in about 20 seconds. */
		NODE_MAINTENANCE_STARTING("NodeMaintenanceStarting"),

		/** A maintenance is imminent (within seconds). */
		NODE_MAINTENANCE_START("NodeMaintenanceStart"),

		/** A replica has been promoted to primary. */
		NODE_MAINTENANCE_FAILOVER_COMPLETE("NodeMaintenanceFailoverComplete"),

		/** The maintenance is over; the node is available again. */
		NODE_MAINTENANCE_ENDED("NodeMaintenanceEnded"),

		/** A type this version does not know. */
		UNKNOWN("Unknown");

		private final String azureName;

		NotificationType(String azureName) {
			this.azureName = azureName;
		}

		/** @return the name Azure sends */
		public String azureName() {
			return this.azureName;
		}

		/** @return a tag value, e.g. {@code node-maintenance-starting} */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

		/**
		 * The type of a name as sent, case ignored; {@code NodeMaintenanceFailover}, an earlier name of
		 * {@code NodeMaintenanceFailoverComplete}, included.
		 * @param name the name
		 * @return the type, {@link #UNKNOWN} if none matches
		 */
		public static NotificationType of(@Nullable String name) {
			if (name == null) {
				return UNKNOWN;
			}
			String trimmed = name.trim();
			if (trimmed.equalsIgnoreCase("NodeMaintenanceFailover")) {
				return NODE_MAINTENANCE_FAILOVER_COMPLETE;
			}
			for (NotificationType type : values()) {
				if (type != UNKNOWN && type.azureName.equalsIgnoreCase(trimmed)) {
					return type;
				}
			}
			return UNKNOWN;
		}

	}

}
