package io.github.azureredis.connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.core.env.Environment;

/**
 * Decorates every {@link DataRedisConnectionDetails} bean as {@link AzureRedisConnectionDetails}, so that where
 * the details come from (properties, a bean, {@code @ServiceConnection}) makes no difference to Azure's defaults or
 * to the authentication, and whatever reads them (this starter, Spring Boot, the application) sees the same.
 *
 * @author Azure Redis Cache contributors
 */
final class AzureRedisConnectionDetailsPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<AzureRedisProperties> properties;

	private final Environment environment;

	AzureRedisConnectionDetailsPostProcessor(ObjectProvider<AzureRedisProperties> properties,
			Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataRedisConnectionDetails details && !(bean instanceof AzureRedisConnectionDetails)) {
			return AzureRedisConnectionDetails.of(details, this.properties.getObject(), this.environment);
		}
		return bean;
	}

}
