package io.github.azureredis.connection;

import java.util.List;

import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against a real server: what it writes, the names and pools it opens.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
class AzureRedisClientAutoConfigurationTests {

	private static RedisServer redis;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port());

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void redissonClientAndConnectionFactoryShareOneClient() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RedissonClient.class);
			assertThat(context).hasSingleBean(RedisConnectionFactory.class);
			assertThat(context.getBean(RedisConnectionFactory.class)).isInstanceOf(RedissonConnectionFactory.class);
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			template.opsForValue().set("client-test", "written through Spring Data");
			try (RespClient client = redis.client()) {
				assertThat(client.string("GET", "client-test")).isEqualTo("written through Spring Data");
			}
		});
	}

	@Test
	void followsAConnectionDetailsBeanRatherThanTheProperties() {
		// The properties point at a port where nothing listens; the bean points at the real server.
		this.runner.withPropertyValues("spring.data.redis.port=1")
			.withBean(DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {
				@Override
				public Standalone getStandalone() {
					return Standalone.of("127.0.0.1", redis.port(), 3);
				}
			})
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(StringRedisTemplate.class).opsForValue().set("details-test", "db3");
				try (RespClient client = redis.client()) {
					client.require("SELECT", 3);
					assertThat(client.string("GET", "details-test")).isEqualTo("db3");
				}
			});
	}

	@Test
	void customizersAdjustTheConfiguration() {
		this.runner.withBean(RedissonConfigCustomizer.class, () -> (config) -> config.useSingleServer().setClientName("customized"))
			.run((context) -> {
				context.getBean(StringRedisTemplate.class).opsForValue().get("any");
				try (RespClient client = redis.client()) {
					assertThat(client.string("CLIENT", "LIST")).contains("name=customized");
				}
			});
	}

	@Test
	void springBootClientNameIsApplied() {
		this.runner.withPropertyValues("spring.data.redis.client-name=from-spring-boot").run((context) -> {
			context.getBean(StringRedisTemplate.class).opsForValue().get("any");
			try (RespClient client = redis.client()) {
				assertThat(client.string("CLIENT", "LIST")).contains("name=from-spring-boot");
			}
		});
	}

	@Test
	void connectionPoolSizeIsApplied() {
		this.runner.withPropertyValues("azure.redis.client.connection-pool-size=3",
				"azure.redis.client.connection-minimum-idle-size=3", "spring.data.redis.client-name=pool-test")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (RespClient client = redis.client()) {
					String list = client.string("CLIENT", "LIST");
					assertThat(list.lines().filter((line) -> line.contains("name=pool-test"))).hasSizeGreaterThanOrEqualTo(3);
				}
			});
	}

	@Test
	void noPubSubConnectionIsOpenedBeforeTheFirstSubscription() {
		this.runner.withPropertyValues("azure.redis.client.connection-minimum-idle-size=2",
				"spring.data.redis.client-name=subscription-test")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(connections("subscription-test")).hasSize(2).noneMatch((line) -> line.contains(" sub=1"));
				context.getBean(RedissonClient.class).getTopic("subscription-test").addListener(String.class,
						(channel, message) -> {
						});
				assertThat(connections("subscription-test")).hasSize(3).filteredOn((line) -> line.contains(" sub=1"))
					.hasSize(1);
			});
	}

	private static List<String> connections(String name) {
		try (RespClient client = redis.client()) {
			return client.string("CLIENT", "LIST").lines().filter((line) -> line.contains("name=" + name + " ")).toList();
		}
	}

}
