package io.github.azureredis.cache;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Fail-open error handling ({@code azure.redis.cache.fail-open}), unless the application configures caching itself,
 * for the Spring cache and for JCache alike: each auto-configuration imports it (public only for that; not an API).
 * Spring's caching infrastructure looks its configurer up while bean post-processors are still being registered:
 * infrastructure beans, so that Spring does not warn about them.
 *
 * @author Azure Redis Cache contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("azure.redis.cache.fail-open")
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
public class FailOpenConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean({ CachingConfigurer.class, CacheErrorHandler.class })
	static FailOpenCacheErrorHandler failOpenCacheErrorHandler() {
		return new FailOpenCacheErrorHandler();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean(CachingConfigurer.class)
	static CachingConfigurer failOpenCachingConfigurer(CacheErrorHandler failOpenCacheErrorHandler) {
		return new CachingConfigurer() {

			@Override
			public CacheErrorHandler errorHandler() {
				return failOpenCacheErrorHandler;
			}

		};
	}

}
