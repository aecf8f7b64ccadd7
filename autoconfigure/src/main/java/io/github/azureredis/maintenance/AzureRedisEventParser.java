package io.github.azureredis.maintenance;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an {@code AzureRedisEvents} message: pipe-delimited key and value pairs, e.g.
 * {@code NotificationType|NodeMaintenanceStarting|StartTimeInUTC|2026-11-30T16:34:46|IsReplica|False|IPAddress|10.0.0.4|SSLPort|15001|NonSSLPort|13001}.
 * Keys are matched without case; a key this version does not know, a value it cannot read, a notification type it
 * does not know and a trailing key without value are ignored with a DEBUG line, so that a message of a later service
 * version still yields what it can.
 *
 * @author Azure Redis Cache contributors
 */
final class AzureRedisEventParser {

	private static final Logger logger = LoggerFactory.getLogger(AzureRedisEventParser.class);

	private AzureRedisEventParser() {
	}

	static AzureRedisMaintenanceEvent parse(Object source, String message, Instant receivedAt) {
		String[] parts = message.split("\\|", -1);
		String type = null;
		Instant startTime = null;
		Boolean replica = null;
		String ipAddress = null;
		Integer sslPort = null;
		Integer nonSslPort = null;
		int i = 0;
		while (i < parts.length) {
			String key = parts[i].trim();
			if (key.isEmpty()) {
				// A doubled or trailing delimiter.
				i++;
				continue;
			}
			if (i + 1 >= parts.length) {
				logger.debug("Ignoring key '{}' without a value in AzureRedisEvents message: {}", key, message);
				break;
			}
			String value = parts[i + 1].trim();
			i += 2;
			switch (key.toLowerCase(Locale.ROOT)) {
				case "notificationtype" -> type = value;
				case "starttimeinutc", "starttimeutc", "starttime" -> startTime = instant(key, value, message);
				case "isreplica" -> replica = bool(key, value, message);
				case "ipaddress" -> ipAddress = value.isEmpty() ? null : value;
				case "sslport" -> sslPort = port(key, value, message);
				case "nonsslport" -> nonSslPort = port(key, value, message);
				default -> logger.debug("Ignoring unknown key '{}' in AzureRedisEvents message: {}", key, message);
			}
		}
		if (type == null) {
			logger.debug("AzureRedisEvents message without NotificationType: {}", message);
			type = "";
		}
		AzureRedisMaintenanceEvent event = new AzureRedisMaintenanceEvent(source, type, startTime, replica, ipAddress,
				sslPort, nonSslPort, receivedAt, message);
		if (!type.isEmpty() && event.getNotificationType() == AzureRedisMaintenanceEvent.NotificationType.UNKNOWN) {
			logger.debug("Ignoring unknown AzureRedisEvents notification type '{}': {}", type, message);
		}
		return event;
	}

	private static @Nullable Instant instant(String key, String value, String message) {
		if (value.isEmpty()) {
			return null;
		}
		try {
			// Azure sends UTC without an offset ("2026-11-30T16:34:46"); accept one with an offset too.
			return (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$"))
					? OffsetDateTime.parse(value).toInstant() : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			logger.debug("Ignoring unreadable {} '{}' in AzureRedisEvents message: {}", key, value, message);
			return null;
		}
	}

	private static @Nullable Boolean bool(String key, String value, String message) {
		if (value.equalsIgnoreCase("true")) {
			return Boolean.TRUE;
		}
		if (value.equalsIgnoreCase("false")) {
			return Boolean.FALSE;
		}
		logger.debug("Ignoring unreadable {} '{}' in AzureRedisEvents message: {}", key, value, message);
		return null;
	}

	private static @Nullable Integer port(String key, String value, String message) {
		try {
			int port = Integer.parseInt(value);
			if (port >= 0 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		logger.debug("Ignoring unreadable {} '{}' in AzureRedisEvents message: {}", key, value, message);
		return null;
	}

}
