package io.github.azureredis.cache;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

import io.github.azureredis.cache.CacheSettings;
import io.github.azureredis.cache.CacheSettingsConfiguration;
import io.github.azureredis.cache.FailOpenConfiguration;
import io.github.azureredis.connection.AzureRedisConnectionFactoryAutoConfiguration;
import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.RedisAccess;
import io.github.azureredis.connection.redisson.RedisConnectionEvents;
import io.github.azureredis.connection.redisson.RedisServerInfo;
import io.github.azureredis.observation.AzureRedisObservations;
import org.jspecify.annotations.Nullable;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.spring.data.connection.RedissonConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.data.redis.cache.BatchStrategies;
import org.springframework.data.redis.cache.CacheStatisticsCollector;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;

/**
 * Auto-configuration of Spring's {@link CacheManager} on the Redisson client: Spring Data's Redis cache layout (one
 * key per entry, native expiry, Spring Boot's key names), honouring {@code spring.cache.*} as Spring Boot's own
 * Redis cache does, with {@code azure.redis.cache.*} for per-cache settings, serialization, a near cache and
 * fail-open error handling.
 * <p>
 * Ordered before Spring Boot's cache auto-configuration, which would otherwise pick JCache (Redisson registers a
 * JCache provider) with no client behind it.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisConnectionFactoryAutoConfiguration.class, before = CacheAutoConfiguration.class)
@ConditionalOnClass({ CacheManager.class, RedisCacheManager.class, RedissonClient.class,
		RedissonConnectionFactory.class })
@ConditionalOnBean({ CacheAspectSupport.class, RedissonClient.class })
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
@Conditional(RedisCacheTypeCondition.class)
@EnableConfigurationProperties({ CacheProperties.class, AzureRedisCacheProperties.class })
@Import({ CacheSettingsConfiguration.class, FailOpenConfiguration.class })
public final class AzureRedisCacheAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AzureRedisCacheAutoConfiguration.class);

	private static final int CLEAR_SCAN_BATCH_SIZE = 1000;

	/**
	 * The cache manager, from Spring Data's {@code RedisCacheManagerBuilder} so that the application's
	 * {@link RedisCacheManagerBuilderCustomizer}s apply as in Spring Boot. That builder can only build a
	 * {@link RedisCacheManager} itself (not a subclass), and has getters for the default and per-cache configurations
	 * only: none for the writer, the statistics collector, transaction awareness, creation on first use or the reset
	 * strategy. So the builder builds a manager that is thrown away, and the {@link AzureRedisCacheManager} (its only
	 * construction path) takes what the customizers settled on: the configurations from the builder's getters,
	 * creation on first use and transaction awareness from the built manager's getters, and the writer from
	 * {@link RedissonCacheWriter#latest()} (the builder applies statistics by deriving a writer at build time). A
	 * writer a customizer sets with {@code cacheWriter(...)} and a reset strategy are not taken over.
	 */
	@Bean
	AzureRedisCacheManager cacheManager(RedissonClient redissonClient, CacheProperties cacheProperties,
			CacheSettings settings, ObjectProvider<RedisCacheManagerBuilderCustomizer> builderCustomizers,
			ObjectProvider<CacheManagerCustomizer<?>> cacheManagerCustomizers,
			ObjectProvider<RedisConnectionEvents> connectionEvents, ObjectProvider<CommandTimeout> commandTimeout,
			ObjectProvider<AzureRedisObservations> observations, ObjectProvider<RedisAccess> access) {
		AzureRedisCacheProperties properties = settings.properties();
		RedisCacheWriter writer = cacheWriter(redissonClient, properties.getBatching(), commandTimeout.getIfAvailable(),
				observations.getIfAvailable(AzureRedisObservations::none), access.getIfAvailable());

		RedisCacheManager.RedisCacheManagerBuilder builder = RedisCacheManager.builder(writer)
			.cacheDefaults(settings.defaults())
			.withInitialCacheConfigurations(settings.perCache());
		if (!cacheProperties.getCacheNames().isEmpty()) {
			builder.initialCacheNames(new LinkedHashSet<>(cacheProperties.getCacheNames()));
		}
		if (cacheProperties.getRedis().isEnableStatistics()) {
			builder.enableStatistics();
		}
		if (properties.isTransactionAware()) {
			builder.transactionAware();
		}
		if (!properties.isDynamic()) {
			builder.disableCreateOnMissingCache();
		}
		builderCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));

		// The builder only creates RedisCacheManager itself: read what it and its customizers settled on (see above).
		RedisCacheManager settled = builder.build();
		RedisCacheWriter settledWriter = (writer instanceof RedissonCacheWriter redissonWriter) ? redissonWriter.latest()
				: writer;
		if (settledWriter instanceof RedissonCacheWriter redissonWriter) {
			CacheCommands.requireOffered(RedisServerInfo.of(redissonClient), redissonWriter, properties,
					builder.cacheDefaults(), configuredCaches(builder), settings.anyNearCached());
		}
		NearCache nearCache = settings.anyNearCached()
				? nearCache(redissonClient, properties, connectionEvents.getIfAvailable()) : null;
		AzureRedisCacheManager cacheManager = new AzureRedisCacheManager(settledWriter, builder.cacheDefaults(),
				settled.isAllowRuntimeCacheCreation(), configuredCaches(builder), nearCache,
				settings::nearCached, settings.nearCachedByDefault(), settings.valueRules());
		cacheManager.setTransactionAware(settled.isTransactionAware());
		return new CacheManagerCustomizers(cacheManagerCustomizers.orderedStream().toList()).customize(cacheManager);
	}

	private static RedisCacheWriter cacheWriter(RedissonClient redissonClient,
			AzureRedisCacheProperties.Batching batching, @Nullable CommandTimeout commandTimeout,
			AzureRedisObservations observations, @Nullable RedisAccess access) {
		if (redissonClient instanceof Redisson redisson) {
			CommandAsyncExecutor executor = redisson.getCommandExecutor();
			int maxInFlight = batching.isEnabled() ? batching.getMaxInFlight() : Integer.MAX_VALUE;
			CommandTimeout timeout = (commandTimeout != null) ? commandTimeout : CommandTimeout.ofClient(executor);
			return new RedissonCacheWriter(redissonClient, executor, timeout,
					new ReadCoalescer(executor, maxInFlight, batching.getMaxKeys(), observations),
					CacheStatisticsCollector.none(), observations, access);
		}
		// Another RedissonClient implementation: through Spring Data's connection, SCAN (not KEYS) to clear, and
		// immediate writes so that a put or evict is done when the annotated method returns.
		return RedisCacheWriter.create(new RedissonConnectionFactory(redissonClient),
				(writerConfig) -> writerConfig.batchStrategy(BatchStrategies.scan(CLEAR_SCAN_BATCH_SIZE))
					.immediateWrites());
	}

	private static NearCache nearCache(RedissonClient redissonClient, AzureRedisCacheProperties properties,
			@Nullable RedisConnectionEvents connectionEvents) {
		NearCache nearCache = new NearCache(redissonClient, properties.getNearCache());
		if (connectionEvents != null) {
			connectionEvents.addListener(nearCache);
			connectionEvents.addReauthenticationListener(nearCache::reauthenticating);
		}
		else {
			logger.info("The application's own RedissonClient reports no lost connections to the near cache: "
					+ "it relies on its probes (azure.redis.cache.near-cache.probe-interval) alone.");
		}
		return nearCache;
	}

	private static Map<String, RedisCacheConfiguration> configuredCaches(
			RedisCacheManager.RedisCacheManagerBuilder builder) {
		Map<String, RedisCacheConfiguration> caches = new LinkedHashMap<>();
		for (String name : builder.getConfiguredCaches()) {
			builder.getCacheConfigurationFor(name).ifPresent((configuration) -> caches.put(name, configuration));
		}
		return caches;
	}

}
