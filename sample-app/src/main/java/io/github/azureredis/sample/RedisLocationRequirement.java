package io.github.azureredis.sample;

import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.core.env.Environment;
import org.springframework.core.type.MethodMetadata;

/**
 * Stops start-up, before anything connects, when no Redis is configured: neither {@code spring.data.redis.*} (such as
 * {@code SPRING_DATA_REDIS_HOST}) nor a {@link DataRedisConnectionDetails} bean of the application's own (as the
 * local Redis of {@code TestSampleApplication} is). Otherwise the packaged sample would quietly try Spring Boot's
 * default, {@code localhost:6379}.
 *
 * @author Azure Redis Cache contributors
 */
class RedisLocationRequirement implements BeanFactoryPostProcessor {

	private static final List<String> LOCATION_PROPERTIES = List.of("spring.data.redis.host", "spring.data.redis.url",
			"spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.nodes");

	private final Environment environment;

	RedisLocationRequirement(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		boolean configured = LOCATION_PROPERTIES.stream().anyMatch(this.environment::containsProperty)
				|| Arrays.stream(beanFactory.getBeanNamesForType(DataRedisConnectionDetails.class, true, false))
					.anyMatch((name) -> !isSpringBootsDefault(beanFactory.getBeanDefinition(name)));
		if (!configured) {
			throw new InvalidConfigurationPropertyValueException("spring.data.redis.host", null,
					"No Redis is configured. Set the environment variable SPRING_DATA_REDIS_HOST to your cache, e.g. "
							+ "SPRING_DATA_REDIS_HOST=mycache.redis.cache.windows.net. For a local Redis while "
							+ "developing, run the sample with: ./mvnw -pl sample-app -am spring-boot:test-run");
		}
	}

	/** The connection details Spring Boot derives from {@code spring.data.redis.*} when the application has none. */
	private static boolean isSpringBootsDefault(BeanDefinition definition) {
		MethodMetadata factoryMethod = (definition instanceof AnnotatedBeanDefinition annotated)
				? annotated.getFactoryMethodMetadata() : null;
		return factoryMethod != null
				&& factoryMethod.getDeclaringClassName().equals(DataRedisAutoConfiguration.class.getName());
	}

}
