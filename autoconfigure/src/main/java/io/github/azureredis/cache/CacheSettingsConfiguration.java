package io.github.azureredis.cache;

import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.cache.RedisCacheConfiguration;

/**
 * The {@link CacheSettings}, resolved once, for whichever of the Spring cache and JCache auto-configurations apply
 * (each imports this configuration): so the settings exist also when only {@code spring.cache.type=jcache} is used.
 * Public only so that the JCache auto-configuration can import it; not an API.
 *
 * @author Azure Redis Cache contributors
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ CacheProperties.class, AzureRedisCacheProperties.class })
public class CacheSettingsConfiguration {

	// Both users of the settings need the client: without one, there is nothing to check the settings for.
	@Bean
	@ConditionalOnBean(RedissonClient.class)
	CacheSettings azureRedisCacheSettings(CacheProperties cacheProperties, AzureRedisCacheProperties properties,
			ObjectProvider<RedisCacheConfiguration> redisCacheConfiguration, BeanFactory beanFactory,
			ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return new CacheSettings(cacheProperties, properties, redisCacheConfiguration.getIfAvailable(), beanFactory,
				(classLoader != null) ? classLoader : getClass().getClassLoader());
	}

}
