package io.github.azureredis.connection;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.redisson.config.TransportMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code azure.redis.client.transport=auto}: epoll where it loads without a warning, else NIO.
 */
class TransportChoiceTests {

	@Test
	void epollWhereAvailableBeforeJava24() {
		assertThat(RedissonConfigFactory.automaticTransport(17, () -> false, () -> true)).isEqualTo(TransportMode.EPOLL);
		assertThat(RedissonConfigFactory.automaticTransport(21, () -> false, () -> true)).isEqualTo(TransportMode.EPOLL);
	}

	@Test
	void nioWhereEpollIsNotAvailable() {
		assertThat(RedissonConfigFactory.automaticTransport(17, () -> true, () -> false)).isEqualTo(TransportMode.NIO);
		assertThat(RedissonConfigFactory.automaticTransport(25, () -> true, () -> false)).isEqualTo(TransportMode.NIO);
	}

	@Test
	void fromJava24NioUnlessNativeAccessIsEnabled() {
		AtomicBoolean epollProbed = new AtomicBoolean();
		assertThat(RedissonConfigFactory.automaticTransport(24, () -> false, () -> epollProbed.getAndSet(true)))
			.isEqualTo(TransportMode.NIO);
		assertThat(RedissonConfigFactory.automaticTransport(25, () -> false, () -> epollProbed.getAndSet(true)))
			.isEqualTo(TransportMode.NIO);
		assertThat(epollProbed).as("epoll probed (which loads its library, and warns)").isFalse();
	}

	@Test
	void fromJava24EpollWhenNativeAccessIsEnabled() {
		assertThat(RedissonConfigFactory.automaticTransport(25, () -> true, () -> true)).isEqualTo(TransportMode.EPOLL);
	}

}
