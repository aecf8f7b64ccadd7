package io.github.azureredis.jcache;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import javax.cache.spi.CachingProvider;

import io.github.azureredis.cache.AzureRedisCacheProperties;
import io.github.azureredis.cache.AzureRedisCacheProperties.CacheSpec;
import io.github.azureredis.cache.CacheSettings;
import io.github.azureredis.cache.CacheSettingsConfiguration;
import io.github.azureredis.cache.FailOpenCacheErrorHandler;
import io.github.azureredis.cache.FailOpenConfiguration;
import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.RedisServerInfo;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.redisson.jcache.JCachingProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.cache.autoconfigure.JCacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.JCachePropertiesCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of a JCache (JSR-107) {@link javax.cache.CacheManager} on the starter's Redisson client, when
 * {@code spring.cache.type=jcache} (with Spring's {@link JCacheCacheManager} over it for Spring's cache abstraction
 * and the JSR-107 annotations) or {@code azure.redis.jcache.enabled=true}. Its caches store keys by value and values
 * as the starter's JSON or, for {@code Serializable} values JSON cannot store, Java serialization behind the
 * allow-list ({@link JCacheCodec}); the client's codec, and so the format of the application's own Redisson objects,
 * is left alone.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisClientAutoConfiguration.class, before = CacheAutoConfiguration.class)
@ConditionalOnClass({ Caching.class, JCachingProvider.class, RedissonClient.class, CacheProperties.class })
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
@Conditional(JCacheEnabledCondition.class)
@EnableConfigurationProperties({ CacheProperties.class, AzureRedisCacheProperties.class,
		AzureRedisJCacheProperties.class })
@Import({ CacheSettingsConfiguration.class, FailOpenConfiguration.class })
public final class AzureRedisJCacheAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnBean(RedissonClient.class)
	@ConditionalOnMissingBean(javax.cache.CacheManager.class)
	AzureRedisJCacheManager jCacheCacheManager(RedissonClient redissonClient, CacheProperties cacheProperties,
			CacheSettings settings, AzureRedisJCacheProperties jcache,
			ObjectProvider<Configuration<?, ?>> defaultConfiguration,
			ObjectProvider<JCacheManagerCustomizer> managerCustomizers,
			ObjectProvider<JCachePropertiesCustomizer> propertiesCustomizers, ObjectProvider<CommandTimeout> commandTimeout,
			ObjectProvider<RedisServerInfo> serverInfo, ResourceLoader resourceLoader) {
		JCacheCommands.requireOffered(serverInfo.getIfAvailable(() -> RedisServerInfo.of(redissonClient)));
		AzureRedisCacheProperties properties = settings.properties();
		Properties providerProperties = new Properties();
		propertiesCustomizers.orderedStream().forEach((customizer) -> customizer.customize(providerProperties));
		// A provider of the starter's own: the manager is the application context's to close, and registering
		// Redisson's provider with Caching would make a second provider for Caching.getCachingProvider() to refuse.
		CachingProvider provider = new JCachingProvider();
		ClassLoader classLoader = classLoader(resourceLoader);
		javax.cache.CacheManager redissonManager = provider.getCacheManager(provider.getDefaultURI(), classLoader,
				providerProperties);
		AzureRedisJCacheManager manager = new AzureRedisJCacheManager(redissonManager, redissonClient,
				new JCacheCodec(settings, classLoader),
				configurations(cacheProperties, properties, jcache, defaultConfiguration.getIfAvailable()),
				commandTimeout.getIfAvailable());
		Set<String> initial = new LinkedHashSet<>(cacheProperties.getCacheNames());
		initial.addAll(properties.getCaches().keySet());
		initial.forEach(manager::createConfiguredCache);
		managerCustomizers.orderedStream().forEach((customizer) -> customizer.customize(manager));
		return manager;
	}

	/**
	 * Spring's cache manager over the JCache manager, with {@code spring.cache.type=jcache}, in place of Spring
	 * Boot's: caches are created on first use ({@code azure.redis.cache.dynamic}), which JSR-107's manager must not
	 * do, values that cannot be stored are not cached and the call succeeds, and puts and evictions wait for the
	 * transaction's commit with {@code azure.redis.cache.transaction-aware}. Its {@code getCacheManager()} is the
	 * JCache manager with the same leniency, and fail-open, for Hibernate ORM's second-level cache as Spring Boot's
	 * documentation sets it up: an entity that cannot be cached does not fail a transaction. A near cache configured
	 * for the Spring cache is not used: one warning says so.
	 */
	@Bean
	@ConditionalOnBean({ AzureRedisJCacheManager.class, CacheAspectSupport.class })
	@ConditionalOnMissingBean(value = org.springframework.cache.CacheManager.class, name = "cacheResolver")
	@ConditionalOnProperty(name = "spring.cache.type", havingValue = "jcache")
	JCacheCacheManager cacheManager(AzureRedisJCacheManager jCacheCacheManager, CacheSettings settings,
			ObjectProvider<CacheManagerCustomizer<?>> customizers, ObjectProvider<FailOpenCacheErrorHandler> failOpen) {
		JCacheSpringCacheManager cacheManager = new JCacheSpringCacheManager(jCacheCacheManager,
				settings.properties().isDynamic(), SpringFacingJCacheManager.failOpen(settings, failOpen));
		cacheManager.setTransactionAware(settings.properties().isTransactionAware());
		JCacheSpringCacheManager.warnOfNearCache(settings.properties());
		return new CacheManagerCustomizers(customizers.orderedStream().toList()).customize(cacheManager);
	}

	/**
	 * With Logback, the failed runs of Redisson's JCache expiry tasks as one warning per minute instead of an ERROR
	 * with a stack trace per cache every few seconds while Redis does not answer.
	 */
	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "ch.qos.logback.classic.turbo.TurboFilter")
	static final class ExpiryTaskLogConfiguration {

		@Bean
		JCacheExpiryTaskLog azureRedisJCacheExpiryTaskLog() {
			return new JCacheExpiryTaskLog();
		}

		/** Nothing asks for the filter: with lazy initialization it would never be installed. */
		@Bean
		static LazyInitializationExcludeFilter azureRedisJCacheExpiryTaskLogIsEager() {
			return LazyInitializationExcludeFilter.forBeanTypes(JCacheExpiryTaskLog.class);
		}

	}

	/**
	 * JCache configurations: the expiry of {@code azure.redis.cache.caches.<name>} (time-to-live: since creation or
	 * update; max-idle: since any access), else {@code spring.cache.redis.time-to-live}, else a
	 * {@link Configuration} bean of the application; statistics and management as configured.
	 */
	@SuppressWarnings("unchecked")
	private static Function<String, Configuration<Object, Object>> configurations(CacheProperties cacheProperties,
			AzureRedisCacheProperties properties, AzureRedisJCacheProperties jcache,
			@Nullable Configuration<?, ?> applicationDefault) {
		return (name) -> {
			CacheSpec spec = properties.getCaches().get(name);
			MutableConfiguration<Object, Object> configuration = (spec == null
					&& applicationDefault instanceof CompleteConfiguration<?, ?> complete)
							? new MutableConfiguration<>((CompleteConfiguration<Object, Object>) complete)
							: new MutableConfiguration<>();
			Duration ttl = (spec != null && spec.getTimeToLive() != null) ? spec.getTimeToLive()
					: cacheProperties.getRedis().getTimeToLive();
			if (spec != null && spec.getMaxIdle() != null) {
				configuration.setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(jcacheDuration(spec.getMaxIdle())));
			}
			else if (ttl != null && !ttl.isZero()) {
				configuration.setExpiryPolicyFactory(ModifiedExpiryPolicy.factoryOf(jcacheDuration(ttl)));
			}
			else if (spec != null || applicationDefault == null) {
				configuration.setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf());
			}
			configuration.setStatisticsEnabled(jcache.isStatisticsEnabled());
			configuration.setManagementEnabled(jcache.isManagementEnabled());
			return configuration;
		};
	}

	private static javax.cache.expiry.Duration jcacheDuration(Duration duration) {
		return new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, duration.toMillis());
	}

	private static ClassLoader classLoader(ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		return (classLoader != null) ? classLoader : AzureRedisJCacheAutoConfiguration.class.getClassLoader();
	}

}
