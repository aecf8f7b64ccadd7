package io.github.azureredis.connection;

import io.github.azureredis.connection.redisson.RedisAccess;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of Spring Data Redis's {@link RedisConnectionFactory} on the Redisson client, so that
 * templates, repositories and the Actuator Redis health check share its connections and credentials.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisClientAutoConfiguration.class, before = DataRedisAutoConfiguration.class)
@ConditionalOnClass({ RedissonConnectionFactory.class, RedisConnectionFactory.class })
@ConditionalOnBean(RedissonClient.class)
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
public final class AzureRedisConnectionFactoryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(RedisConnectionFactory.class)
	RedissonConnectionFactory redisConnectionFactory(RedissonClient redissonClient,
			ObjectProvider<RedisAccess> access) {
		if (!(redissonClient instanceof Redisson)) {
			// Redisson's connection factory casts the client on the first connection: fail where the cause is clear.
			throw new IllegalStateException("The RedissonClient bean is a " + redissonClient.getClass().getName()
					+ ", not Redisson's own client (org.redisson.Redisson, from Redisson.create(config)), which "
					+ "Redisson's RedisConnectionFactory, and so the caches, need. Create the client with "
					+ "Redisson.create, or define a RedisConnectionFactory bean of your own.");
		}
		RedisAccess redisAccess = access.getIfAvailable();
		return (redisAccess != null) ? new AccessCheckingConnectionFactory(redissonClient, redisAccess)
				: new RedissonConnectionFactory(redissonClient);
	}

	/**
	 * With Lettuce also on the classpath (say, from {@code spring-boot-starter-data-redis}), Spring Boot creates
	 * Lettuce's {@link ClientResources} (event loops, a timer thread) even though its connection factory backs off
	 * for this one. This lazy stand-in makes Spring Boot's back off too; it is built, with Spring Boot's
	 * {@link ClientResourcesBuilderCustomizer customizers}, only if something asks for it. Nested classes are
	 * processed before the enclosing class's beans, so this condition sees what the connection factory's does.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ClientResources.class, ClientResourcesBuilderCustomizer.class })
	@ConditionalOnMissingBean({ RedisConnectionFactory.class, ClientResources.class })
	static final class LettuceClientResourcesConfiguration {

		@Bean(destroyMethod = "shutdown")
		@Lazy
		DefaultClientResources unusedLettuceClientResources(ObjectProvider<ClientResourcesBuilderCustomizer> customizers) {
			DefaultClientResources.Builder builder = DefaultClientResources.builder();
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}

	}

}
