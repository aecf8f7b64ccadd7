package io.github.azureredis.maintenance;

import java.time.Instant;

import io.github.azureredis.maintenance.AzureRedisMaintenanceEvent.NotificationType;
import io.github.azureredis.support.LogLevels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every notification type of {@code AzureRedisEvents}, as Azure Cache for Redis documents and sends them, and the
 * messages a later service version might send.
 */
@ExtendWith(OutputCaptureExtension.class)
class AzureRedisEventParserTests {

	private static final Instant RECEIVED = Instant.parse("2026-11-30T16:34:26Z");

	@Test
	void readsEveryFieldOfADocumentedMessage() {
		AzureRedisMaintenanceEvent event = parse("NotificationType|NodeMaintenanceStarting|StartTimeInUTC|"
				+ "2026-11-30T16:34:46|IsReplica|False|IPAddress|13.67.42.199|SSLPort|15001|NonSSLPort|13001");
		assertThat(event.getNotificationType()).isEqualTo(NotificationType.NODE_MAINTENANCE_STARTING);
		assertThat(event.getNotificationTypeName()).isEqualTo("NodeMaintenanceStarting");
		assertThat(event.getStartTime()).isEqualTo(Instant.parse("2026-11-30T16:34:46Z"));
		assertThat(event.getReplica()).isFalse();
		assertThat(event.getIpAddress()).isEqualTo("13.67.42.199");
		assertThat(event.getSslPort()).isEqualTo(15001);
		assertThat(event.getNonSslPort()).isEqualTo(13001);
		assertThat(event.getReceivedAt()).isEqualTo(RECEIVED);
		assertThat(event).hasToString("NodeMaintenanceStarting for primary 13.67.42.199:15001, starting at "
				+ "2026-11-30T16:34:46Z");
	}

	@ParameterizedTest
	@CsvSource({ "NodeMaintenanceScheduled, NODE_MAINTENANCE_SCHEDULED",
			"NodeMaintenanceStarting, NODE_MAINTENANCE_STARTING", "NodeMaintenanceStart, NODE_MAINTENANCE_START",
			"NodeMaintenanceFailoverComplete, NODE_MAINTENANCE_FAILOVER_COMPLETE",
			"NodeMaintenanceFailover, NODE_MAINTENANCE_FAILOVER_COMPLETE",
			"NodeMaintenanceEnded, NODE_MAINTENANCE_ENDED", "nodemaintenanceended, NODE_MAINTENANCE_ENDED",
			"NodeMaintenanceRebooting, UNKNOWN" })
	void readsEveryNotificationType(String name, NotificationType type) {
		AzureRedisMaintenanceEvent event = parse("NotificationType|" + name + "|IsReplica|True|IPAddress|10.0.0.5");
		assertThat(event.getNotificationType()).isEqualTo(type);
		assertThat(event.getNotificationTypeName()).isEqualTo(name);
		assertThat(event.getReplica()).isTrue();
	}

	@Test
	void typesWithoutStartTimeHaveNone() {
		AzureRedisMaintenanceEvent event = parse(
				"NotificationType|NodeMaintenanceStart|IsReplica|False|IPAddress|10.0.0.4|SSLPort|15001|NonSSLPort|13001");
		assertThat(event.getStartTime()).isNull();
		assertThat(event.getSslPort()).isEqualTo(15001);
	}

	@Test
	void ignoresUnknownKeysAndTypesWithADebugLine(CapturedOutput output) {
		AzureRedisMaintenanceEvent event;
		try (LogLevels levels = LogLevels.debug(AzureRedisEventParser.class.getName())) {
			event = parse("NotificationType|NodeMaintenanceRelocating|Region|westeurope|IsReplica|False|ShardId|2");
		}
		assertThat(event.getNotificationType()).isEqualTo(NotificationType.UNKNOWN);
		assertThat(event.getReplica()).isFalse();
		assertThat(output).contains("Ignoring unknown key 'Region'")
			.contains("Ignoring unknown key 'ShardId'")
			.contains("Ignoring unknown AzureRedisEvents notification type 'NodeMaintenanceRelocating'");
	}

	@Test
	void readsKeysWithoutCaseAndTheAlternativeStartTimeName() {
		AzureRedisMaintenanceEvent event = parse(
				"notificationtype|NodeMaintenanceScheduled|StartTimeUtc|2026-11-30T16:35:57Z|IpAddress|10.0.0.4");
		assertThat(event.getNotificationType()).isEqualTo(NotificationType.NODE_MAINTENANCE_SCHEDULED);
		assertThat(event.getStartTime()).isEqualTo(Instant.parse("2026-11-30T16:35:57Z"));
		assertThat(event.getIpAddress()).isEqualTo("10.0.0.4");
	}

	@Test
	void keepsWhatItCanReadOfAMalformedMessage(CapturedOutput output) {
		AzureRedisMaintenanceEvent event;
		try (LogLevels levels = LogLevels.debug(AzureRedisEventParser.class.getName())) {
			event = parse("|NotificationType|NodeMaintenanceStart||StartTimeInUTC|soon|IsReplica|maybe|SSLPort|"
					+ "99999|NonSSLPort|x|IPAddress");
		}
		assertThat(event.getNotificationType()).isEqualTo(NotificationType.NODE_MAINTENANCE_START);
		assertThat(event.getStartTime()).isNull();
		assertThat(event.getReplica()).isNull();
		assertThat(event.getSslPort()).isNull();
		assertThat(event.getNonSslPort()).isNull();
		assertThat(event.getIpAddress()).isNull();
		assertThat(output).contains("Ignoring unreadable StartTimeInUTC 'soon'")
			.contains("Ignoring unreadable IsReplica 'maybe'")
			.contains("Ignoring unreadable SSLPort '99999'")
			.contains("Ignoring key 'IPAddress' without a value");
	}

	@Test
	void aMessageWithoutTypeIsUnknown() {
		AzureRedisMaintenanceEvent event = parse("hello");
		assertThat(event.getNotificationType()).isEqualTo(NotificationType.UNKNOWN);
		assertThat(event.getMessage()).isEqualTo("hello");
		assertThat(event).hasToString("a notification without NotificationType");
		assertThat(parse("").getNotificationType()).isEqualTo(NotificationType.UNKNOWN);
	}

	private static AzureRedisMaintenanceEvent parse(String message) {
		return AzureRedisEventParser.parse(new Object(), message, RECEIVED);
	}

}
