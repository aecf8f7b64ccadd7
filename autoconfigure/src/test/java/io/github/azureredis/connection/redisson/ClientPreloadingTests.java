package io.github.azureredis.connection.redisson;

import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classes preloaded for the client exist in the Redisson and Netty versions the starter is built with: a class
 * renamed by an upgrade would otherwise be skipped silently, and its loading left to the start-up.
 */
class ClientPreloadingTests {

	@Test
	void everyRedissonClassExists() {
		assertThat(ClientPreloading.REDISSON)
			.allSatisfy((name) -> assertThat(ClassUtils.isPresent(name, getClass().getClassLoader())).as(name).isTrue());
	}

	@Test
	void everyNettyClassExists() {
		assertThat(ClientPreloading.NETTY)
			.allSatisfy((name) -> assertThat(ClassUtils.isPresent(name, getClass().getClassLoader())).as(name).isTrue());
	}

}
