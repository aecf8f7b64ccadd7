package io.github.azureredis.maintenance;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.support.TestAutoConfigurations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the maintenance listener is on: Azure Cache for Redis hosts by default, anywhere on request. The client is
 * lazy and never reaches the (unresolvable) hosts.
 */
class AzureRedisMaintenanceAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(AzureRedisMaintenanceAutoConfiguration.class))
		.withPropertyValues("azure.redis.client.lazy-initialization=true", "azure.redis.authentication=none");

	@Test
	void onForAzureCacheForRedis() {
		this.runner.withPropertyValues("spring.data.redis.host=shop.redis.cache.windows.net")
			.run((context) -> assertThat(context.getBean(AzureRedisMaintenance.class).isEnabled()).isTrue());
	}

	@Test
	void onForAClusteredAzureCacheForRedis() {
		this.runner.withPropertyValues("spring.data.redis.cluster.nodes=shop.redis.cache.chinacloudapi.cn:6380")
			.run((context) -> assertThat(context.getBean(AzureRedisMaintenance.class).isEnabled()).isTrue());
	}

	@Test
	void offForAzureManagedRedisWhichSendsNoAzureRedisEvents() {
		this.runner.withPropertyValues("spring.data.redis.host=shop.westeurope.redis.azure.net")
			.run((context) -> assertThat(context.getBean(AzureRedisMaintenance.class).isEnabled()).isFalse());
	}

	@Test
	void offForOtherHostsUnlessAskedFor() {
		this.runner.withPropertyValues("spring.data.redis.host=redis.internal")
			.run((context) -> assertThat(context.getBean(AzureRedisMaintenance.class).isEnabled()).isFalse());
		this.runner.withPropertyValues("spring.data.redis.host=redis.internal", "azure.redis.maintenance.enabled=true")
			.run((context) -> assertThat(context.getBean(AzureRedisMaintenance.class).isEnabled()).isTrue());
	}

	@Test
	void aPropertyTurnsItOffForAzureCacheForRedis() {
		this.runner
			.withPropertyValues("spring.data.redis.host=shop.redis.cache.windows.net",
					"azure.redis.maintenance.enabled=false")
			.run((context) -> assertThat(context.getBean(AzureRedisMaintenance.class).isEnabled()).isFalse());
	}

	@Test
	void theCachesWaitWithTheRelaxableTimeout() {
		this.runner
			.withPropertyValues("spring.data.redis.host=shop.redis.cache.windows.net", "spring.data.redis.timeout=2s",
					"azure.redis.maintenance.relaxed-timeout=15s")
			.run((context) -> {
				CommandTimeout timeout = context.getBean(CommandTimeout.class);
				AzureRedisMaintenance maintenance = context.getBean(AzureRedisMaintenance.class);
				assertThat(timeout.current()).hasSeconds(2);
				maintenance.receive("NotificationType|NodeMaintenanceStarting|IsReplica|False|IPAddress|10.0.0.4");
				assertThat(timeout.current()).hasSeconds(15);
				assertThat(maintenance.commandTimeout()).hasSeconds(15);
				maintenance.receive("NotificationType|NodeMaintenanceEnded|IsReplica|False|IPAddress|10.0.0.4");
				assertThat(timeout.current()).hasSeconds(2);
			});
	}

	@Test
	void backsOffWithoutTheStartersClient() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AzureRedisMaintenanceAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AzureRedisMaintenance.class));
	}

}
