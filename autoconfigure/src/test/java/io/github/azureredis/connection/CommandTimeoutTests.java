package io.github.azureredis.connection;

import java.time.Duration;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;
import org.redisson.config.Config;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one attempt of a command, and of a connection, may take, so that a call retries within
 * {@code spring.data.redis.timeout}.
 */
class CommandTimeoutTests {

	@Test
	void eachAttemptGetsHalfOfTheTimeout() {
		assertThat(new CommandTimeout(Duration.ofSeconds(3)).perAttempt()).isEqualTo(Duration.ofMillis(1500));
		assertThat(new CommandTimeout(Duration.ofMillis(1)).perAttempt()).isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void connectTimeoutIsTheTimeOfOneAttemptUnlessSet() {
		assertThat(new CommandTimeout(Duration.ofSeconds(3)).connectTimeout(null)).isEqualTo(Duration.ofMillis(1500));
		assertThat(new CommandTimeout(Duration.ofMinutes(1)).connectTimeout(null)).isEqualTo(Duration.ofSeconds(10));
		assertThat(new CommandTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(20)))
			.isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void clientConnectsAndHandshakesWithinOneAttempt() throws Exception {
		DataRedisProperties redis = new DataRedisProperties();
		redis.setTimeout(Duration.ofMillis(1400));
		Config config = RedissonConfigFactory.create(tlsEndpoint(), redis, new AzureRedisProperties(),
				RedisCredentials::none);
		assertThat(config.useSingleServer().getConnectTimeout()).isEqualTo(700);
		assertThat(config.useSingleServer().getTimeout()).isEqualTo(700);
		SslHandler ssl = SslContextBuilder.forClient().build().newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT);
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.pipeline().addLast(ssl);
		config.getNettyHook().afterChannelInitialization(channel);
		assertThat(ssl.getHandshakeTimeoutMillis()).isEqualTo(700);
		channel.finishAndReleaseAll();
	}

	private static RedisEndpoint tlsEndpoint() {
		DataRedisConnectionDetails details = new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of("mycache.redis.cache.windows.net", 6380);
			}
		};
		return RedisEndpoint.of(AzureRedisConnectionDetails.of(details, new AzureRedisProperties(),
				new MockEnvironment()));
	}

}
