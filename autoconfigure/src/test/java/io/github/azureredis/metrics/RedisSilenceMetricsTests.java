package io.github.azureredis.metrics;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.azureredis.connection.RedissonConfigCustomizer;
import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.RedisSilence;
import io.github.azureredis.support.TestAutoConfigurations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.redisson.client.DefaultNettyHook;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RedisSilenceMetrics}: whether Redis answers nothing, and the calls that failed at once because of it.
 */
class RedisSilenceMetricsTests {

	@Test
	void metersShowASilentRedisAndTheCallsFailedAtOnce() {
		RedisSilence silence = new RedisSilence();
		EmbeddedChannel channel = new EmbeddedChannel();
		silence.watching(new DefaultNettyHook()).afterChannelInitialization(channel);
		MeterRegistry registry = new SimpleMeterRegistry();
		new RedisSilenceMetrics(silence).bindTo(registry);
		assertThat(registry.get("azure.redis.silent").gauge().value()).isZero();
		CommandTimeout timeout = new CommandTimeout(Duration.ofMillis(20), silence);
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> timeout.await(new CompletableFuture<>(), (failure) -> (RuntimeException) failure));
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(timeout::checkAnswering);
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(timeout::checkAnswering);
		assertThat(registry.get("azure.redis.silent").gauge().value()).isOne();
		assertThat(registry.get("azure.redis.silent.calls").functionCounter().count()).isEqualTo(2);
		channel.finishAndReleaseAll();
	}

	@Test
	void boundWithTheStartersClientOnlyWhileSilenceIsWatched() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(TestAutoConfigurations.all())
			.withBean(RedissonConfigCustomizer.class, TestAutoConfigurations::lazyClient)
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1");
		runner.run((context) -> assertThat(context).hasSingleBean(RedisSilenceMetrics.class));
		runner.withPropertyValues("azure.redis.client.fail-fast-while-silent=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisSilenceMetrics.class));
	}

}
