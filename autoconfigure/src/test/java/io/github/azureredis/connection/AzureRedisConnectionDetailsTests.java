package io.github.azureredis.connection;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.redisson.config.Config;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AzureRedisConnectionDetailsTests {

	private final AzureRedisProperties properties = new AzureRedisProperties();

	@Test
	void azureCacheForRedisHostGetsTlsAndPort6380() {
		RedisEndpoint endpoint = endpoint(standalone("mycache.redis.cache.windows.net", 6379), new MockEnvironment());
		assertThat(endpoint.nodes()).containsExactly(new Node("mycache.redis.cache.windows.net", 6380));
		assertThat(endpoint.tls()).isTrue();
		assertThat(address(endpoint)).isEqualTo("rediss://mycache.redis.cache.windows.net:6380");
	}

	@Test
	void azureManagedRedisHostGetsTlsAndPort10000() {
		RedisEndpoint endpoint = endpoint(standalone("myredis.westeurope.redis.azure.net", 6379), new MockEnvironment());
		assertThat(endpoint.nodes()).containsExactly(new Node("myredis.westeurope.redis.azure.net", 10000));
		assertThat(endpoint.tls()).isTrue();
	}

	@Test
	void portSetByTheUserIsKeptForAnAzureHost() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.port", "6379");
		RedisEndpoint endpoint = endpoint(standalone("mycache.redis.cache.windows.net", 6379), environment);
		assertThat(endpoint.nodes()).containsExactly(new Node("mycache.redis.cache.windows.net", 6379));
	}

	@Test
	void tlsExplicitlyDisabledIsRespectedForAnAzureHost() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.ssl.enabled", "false");
		RedisEndpoint endpoint = endpoint(standalone("mycache.redis.cache.windows.net", 6379), environment);
		assertThat(endpoint.tls()).isFalse();
	}

	@Test
	void otherHostsKeepPlainTcpAndTheirPort() {
		RedisEndpoint endpoint = endpoint(standalone("redis.internal", 6379), new MockEnvironment());
		assertThat(endpoint.nodes()).containsExactly(new Node("redis.internal", 6379));
		assertThat(endpoint.tls()).isFalse();
	}

	@Test
	void redissUrlMeansTls() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.url", "rediss://redis.internal:6390");
		RedisEndpoint endpoint = endpoint(standalone("redis.internal", 6390), environment);
		assertThat(endpoint.tls()).isTrue();
	}

	@Test
	void urlWithoutAPortGetsTheServicePort() {
		// Spring Boot passes on the URL's port as it is: -1 when the URL has none.
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.url",
				"rediss://:key@mycache.redis.cache.windows.net");
		RedisEndpoint azure = endpoint(standalone("mycache.redis.cache.windows.net", -1), environment);
		assertThat(azure.nodes()).containsExactly(new Node("mycache.redis.cache.windows.net", 6380));
		environment.setProperty("spring.data.redis.url", "redis://redis.internal");
		RedisEndpoint other = endpoint(standalone("redis.internal", -1), environment);
		assertThat(other.nodes()).containsExactly(new Node("redis.internal", 6379));
	}

	@Test
	void portGivenInAUrlIsKeptForAnAzureHost() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.url",
				"rediss://mycache.redis.cache.windows.net:6379");
		RedisEndpoint endpoint = endpoint(standalone("mycache.redis.cache.windows.net", 6379), environment);
		assertThat(endpoint.nodes()).containsExactly(new Node("mycache.redis.cache.windows.net", 6379));
	}

	@Test
	void badPortInAUrlNamesTheUrlWithoutShowingIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.data.redis.url",
				"rediss://:the-secret-key@redis.internal:70000");
		assertThatExceptionOfType(SecretBearingPropertyException.class)
			.isThrownBy(() -> endpoint(standalone("redis.internal", 70000), environment))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("spring.data.redis.url"))
			.withMessageContaining("out of range")
			.withMessageNotContaining("the-secret-key");
	}

	@Test
	void clusterEnabledTurnsASingleHostIntoAClusterSeed() {
		this.properties.getCluster().setEnabled(true);
		RedisEndpoint endpoint = endpoint(standalone("myredis.westeurope.redis.azure.net", 6379), new MockEnvironment());
		assertThat(endpoint.topology()).isEqualTo(RedisEndpoint.Topology.CLUSTER);
		Config config = RedissonConfigFactory.create(endpoint, new DataRedisProperties(), this.properties,
				RedisCredentials::none);
		assertThat(config.isClusterConfig()).isTrue();
	}

	@Test
	void clusterNodesMakeAClusterConfiguration() {
		DataRedisConnectionDetails details = new DataRedisConnectionDetails() {
			@Override
			public Cluster getCluster() {
				return () -> List.of(new Node("10.0.0.1", 7000), new Node("10.0.0.2", 7001));
			}
		};
		RedisEndpoint endpoint = endpoint(details, new MockEnvironment());
		Config config = RedissonConfigFactory.create(endpoint, new DataRedisProperties(), this.properties,
				RedisCredentials::none);
		assertThat(config.isClusterConfig()).isTrue();
	}

	@Test
	void portOutOfRangeNamesThePortProperty() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> endpoint(standalone("redis.internal", 70000), new MockEnvironment()))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("spring.data.redis.port"))
			.withMessageContaining("70000");
	}

	@Test
	void urlInTheHostPropertyIsRefused() {
		assertThatExceptionOfType(SecretBearingPropertyException.class)
			.isThrownBy(() -> endpoint(standalone("rediss://:key@mycache.redis.cache.windows.net", 6380), new MockEnvironment()))
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("spring.data.redis.host"))
			.withMessageNotContaining("key@");
	}

	@Test
	void ipv6HostIsBracketedInTheAddress() {
		RedisEndpoint endpoint = endpoint(standalone("::1", 6379), new MockEnvironment());
		assertThat(address(endpoint)).isEqualTo("redis://[::1]:6379");
	}

	private RedisEndpoint endpoint(DataRedisConnectionDetails details, MockEnvironment environment) {
		return RedisEndpoint.of(AzureRedisConnectionDetails.of(details, this.properties, environment));
	}

	private static String address(RedisEndpoint endpoint) {
		return RedissonConfigFactory.address(endpoint, endpoint.nodes().get(0));
	}

	private static DataRedisConnectionDetails standalone(String host, int port) {
		return new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of(host, port);
			}
		};
	}

}
