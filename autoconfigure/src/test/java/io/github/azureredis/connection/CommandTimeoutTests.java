package io.github.azureredis.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import javax.cache.CacheException;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.config.Config;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	/**
	 * Redisson's last attempt times out about when the call's time does: whichever fires first, a user reads the
	 * property to raise (CI, on a loaded machine, showed Redisson's message through a Hibernate commit).
	 */
	@Test
	void redissonsTimeoutOfTheLastAttemptIsTheCallsOwnOnceItsTimeIsUp() {
		CommandTimeout timeUp = new CommandTimeout(Duration.ofNanos(1));
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> timeUp.await(redissonTimedOut(), (failure) -> (RuntimeException) failure))
			.withMessage("Redis did not answer within spring.data.redis.timeout (0 ms), retries included")
			.withRootCauseInstanceOf(RedisResponseTimeoutException.class);
		assertThat(timeUp.bound(redissonTimedOut())).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(QueryTimeoutException.class)
			.withMessageStartingWith("Redis did not answer within spring.data.redis.timeout");
	}

	@Test
	void redissonsTimeoutWithinTheCallsTimeIsRedissons() {
		CommandTimeout timeLeft = new CommandTimeout(Duration.ofHours(1));
		assertThatExceptionOfType(CacheException.class)
			.isThrownBy(() -> timeLeft.await(redissonTimedOut(), (failure) -> (RuntimeException) failure))
			.withCauseInstanceOf(RedisResponseTimeoutException.class);
	}

	private static CompletableFuture<Object> redissonTimedOut() {
		// As Redisson's JCache fails its futures.
		return CompletableFuture.failedFuture(new CacheException(new RedisResponseTimeoutException(
				"Redis server response timeout (500 ms) occurred after 1 of 1 retry attempts")));
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
