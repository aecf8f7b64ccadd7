package io.github.azureredis.connection;

import java.lang.reflect.Proxy;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.RedisServerInfo;
import io.github.azureredis.connection.redisson.RedisSilence;
import io.github.azureredis.support.TestAutoConfigurations;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.DefaultNettyHook;
import org.redisson.config.Config;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which beans the client auto-configuration defines and when it backs off: no server, a client that connects on first
 * use.
 */
class AzureRedisClientConditionsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withBean(RedissonConfigCustomizer.class, TestAutoConfigurations::lazyClient)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1");

	@Test
	void lettuceIsNotStarted() {
		this.runner.run((context) -> {
			assertThat(context.getBeansOfType(RedisConnectionFactory.class).values()).singleElement()
				.isInstanceOf(RedissonConnectionFactory.class);
			assertThat(context).doesNotHaveBean(LettuceConnectionFactory.class);
		});
	}

	/**
	 * With Lettuce on the classpath too (an application that also declares {@code spring-boot-starter-data-redis}),
	 * Spring Boot creates neither Lettuce's connection factory nor its {@link ClientResources} (event loops, timer
	 * thread) while this starter's connection factory is in use.
	 */
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
	void withoutLettuceNoClientResources() {
		this.runner.withClassLoader(new FilteredClassLoader("io.lettuce"))
			.run((context) -> assertThat(context).hasSingleBean(RedissonConnectionFactory.class)
				.doesNotHaveBean("unusedLettuceClientResources"));
	}

	@Test
	void clientIsShutDownWithTheContext() {
		RedissonClient[] client = new RedissonClient[1];
		this.runner.run((context) -> client[0] = context.getBean(RedissonClient.class));
		assertThat(client[0].isShutdown()).isTrue();
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnClient() {
		this.runner.withUserConfiguration(OwnClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RedissonClient.class);
			assertThat(context).getBean(RedissonClient.class).isSameAs(context.getBean("ownRedissonClient"));
			// Spring Data still uses the application's client.
			assertThat(context).hasSingleBean(RedissonConnectionFactory.class);
		});
	}

	@Test
	void anOwnClientOfAnotherImplementationFailsStartUpSayingWhy() {
		RedissonClient other = (RedissonClient) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RedissonClient.class }, (proxy, method, args) -> switch (method.getName()) {
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "another RedissonClient";
					case "shutdown" -> null;
					default -> throw new UnsupportedOperationException(method.getName());
				});
		this.runner.withBean("ownRedissonClient", RedissonClient.class, () -> other)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("The RedissonClient bean is a " + other.getClass().getName())
				.hasMessageContaining("Redisson.create"));
	}

	@Test
	void theStartersClientIsWatchedForSilenceWhichFailsCacheCallsAtOnce() {
		this.runner.run((context) -> {
			RedisSilence silence = context.getBean(RedisSilence.class);
			assertThat(context.getBean(CommandTimeout.class)).extracting("silence").isSameAs(silence);
			assertThat(((Redisson) context.getBean(RedissonClient.class)).getConfig().getNettyHook())
				.extracting((hook) -> hook.getClass().getName())
				.isEqualTo(RedisSilence.class.getName() + "$ReplyWatch");
		});
	}

	@Test
	void callsWaitTheirTimeoutWhateverRedisAnswersIfAsked() {
		this.runner.withPropertyValues("azure.redis.client.fail-fast-while-silent=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RedisSilence.class);
			assertThat(context.getBean(CommandTimeout.class)).extracting("silence").isNull();
			assertThat(((Redisson) context.getBean(RedissonClient.class)).getConfig().getNettyHook())
				.extracting((hook) -> hook.getClass().getName())
				.isNotEqualTo(RedisSilence.class.getName() + "$ReplyWatch");
		});
	}

	@Test
	void theApplicationsOwnClientIsLeftAsItIs() {
		this.runner.withUserConfiguration(OwnClientConfiguration.class)
			.run((context) -> assertThat(((Redisson) context.getBean(RedissonClient.class)).getConfig()
				.getNettyHook()).isInstanceOf(DefaultNettyHook.class));
	}

	@Test
	void oneRedisServerInfoReadsTheStartersClient() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RedisServerInfo.class));
	}

	@Test
	void oneRedisServerInfoReadsTheApplicationsOwnClient() {
		this.runner.withUserConfiguration(OwnClientConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(RedisServerInfo.class)
				.getBean(RedisServerInfo.class)
				.extracting("client")
				.isSameAs(context.getBean("ownRedissonClient")));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("azure.redis.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RedissonClient.class);
			assertThat(context).doesNotHaveBean(RedissonConnectionFactory.class);
			assertThat(context).doesNotHaveBean(RedisServerInfo.class);
		});
	}

	@Test
	void invalidPoolSizeNamesTheProperty() {
		this.runner.withPropertyValues("azure.redis.client.connection-pool-size=0")
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class)
				.rootCause()
				.hasMessageContaining("azure.redis.client.connection-pool-size"));
	}


	@Configuration(proxyBeanMethods = false)
	static class OwnClientConfiguration {

		@Bean(destroyMethod = "shutdown")
		RedissonClient ownRedissonClient() {
			Config config = new Config();
			config.setLazyInitialization(true);
			config.useSingleServer().setAddress("redis://127.0.0.1:1");
			return Redisson.create(config);
		}

	}

}
