package io.github.azureredis.connection;

import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Lettuce on the classpath too (an application that also declares {@code spring-boot-starter-data-redis}),
 * Spring Boot creates neither Lettuce's connection factory nor its {@link ClientResources} (event loops, timer
 * thread) while this starter's connection factory is in use.
 */
class LettuceBackOffTests {

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
	void lettuceClientResourcesAreNotCreated() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RedisConnectionFactory.class);
			assertThat(context.getBean(RedisConnectionFactory.class)).isInstanceOf(RedissonConnectionFactory.class);
			assertThat(context.getBeanNamesForType(ClientResources.class)).containsExactly("unusedLettuceClientResources");
			assertThat(context.getBeanFactory().containsSingleton("unusedLettuceClientResources")).isFalse();
			assertThat(context.getBeanFactory().containsSingleton("lettuceClientResources")).isFalse();
		});
	}

	@Test
	void lettuceClientResourcesAreBuiltWithSpringBootsCustomizersIfAskedFor() {
		ClientResourcesBuilderCustomizer customizer = (builder) -> builder.ioThreadPoolSize(3);
		this.runner.withBean(ClientResourcesBuilderCustomizer.class, () -> customizer)
			.run((context) -> assertThat(context.getBean(ClientResources.class).ioThreadPoolSize()).isEqualTo(3));
	}

	@Test
	void springBootsLettuceIsLeftAloneWhenTheStarterIsDisabled() {
		this.runner.withPropertyValues("azure.redis.enabled=false").run((context) -> {
			assertThat(context).getBean(RedisConnectionFactory.class).isInstanceOf(LettuceConnectionFactory.class);
			assertThat(context.getBeanNamesForType(ClientResources.class)).containsExactly("lettuceClientResources");
		});
	}

	@Test
	void springBootsLettuceIsLeftAloneForTheApplicationsOwnLettuceConnectionFactory() {
		this.runner.withBean(RedisConnectionFactory.class, LettuceConnectionFactory::new).run((context) -> {
			assertThat(context).getBean(RedisConnectionFactory.class).isInstanceOf(LettuceConnectionFactory.class);
			assertThat(context.getBeanNamesForType(ClientResources.class)).containsExactly("lettuceClientResources");
		});
	}

	@Test
	void withoutLettuceNothingChanges() {
		new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
			.withClassLoader(new FilteredClassLoader("io.lettuce"))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
			.run((context) -> assertThat(context).hasSingleBean(RedissonConnectionFactory.class)
				.doesNotHaveBean("unusedLettuceClientResources"));
	}

}
