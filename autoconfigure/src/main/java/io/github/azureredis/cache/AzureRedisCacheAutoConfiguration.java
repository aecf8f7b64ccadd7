package io.github.azureredis.cache;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.Executor;

import io.github.azureredis.connection.AzureRedisConnectionFactoryAutoConfiguration;
import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.connection.redisson.RedisAccess;
import io.github.azureredis.connection.redisson.RedisConnectionEvents;
import io.github.azureredis.connection.redisson.RedisServerInfo;
import io.github.azureredis.observation.AzureRedisObservations;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.cache.autoconfigure.CacheProperties;
import org.springframework.boot.cache.autoconfigure.RedisCacheManagerBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of Spring's {@link CacheManager} on the Redisson client: Spring Data's Redis cache layout (one
 * key per entry, native expiry, Spring Boot's key names), honouring {@code spring.cache.*} as Spring Boot's own
 * Redis cache does, with {@code azure.redis.cache.*} for per-cache settings, serialization, a near cache and
 * fail-open error handling.
 * <p>
 * On when {@code spring.cache.type} is {@code redis} or not set, and ordered before Spring Boot's cache
 * auto-configuration, whose own detection would pick JCache (Redisson registers a JCache provider) with no client
 * behind it.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(after = AzureRedisConnectionFactoryAutoConfiguration.class, before = CacheAutoConfiguration.class)
@ConditionalOnClass({ CacheManager.class, RedisCacheManager.class, RedissonClient.class,
		RedissonConnectionFactory.class })
@ConditionalOnBean({ CacheAspectSupport.class, RedissonClient.class })
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "spring.cache.type", havingValue = "redis", matchIfMissing = true)
@EnableConfigurationProperties({ CacheProperties.class, AzureRedisCacheProperties.class })
@Import({ CacheSettingsConfiguration.class, FailOpenConfiguration.class })
public final class AzureRedisCacheAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AzureRedisCacheAutoConfiguration.class);

	/**
	 * The cache manager, built from the resolved settings, after the application's
	 * {@link RedisCacheManagerBuilderCustomizer}s adjusted Spring Data's builder, as in Spring Boot, and then its
	 * {@link CacheManagerCustomizer}s.
	 */
	@Bean
	AzureRedisCacheManager cacheManager(RedissonClient redissonClient, CacheProperties cacheProperties,
			CacheSettings settings, ObjectProvider<RedisCacheManagerBuilderCustomizer> builderCustomizers,
			ObjectProvider<CacheManagerCustomizer<?>> cacheManagerCustomizers,
			ObjectProvider<RedisConnectionEvents> connectionEvents, ObjectProvider<CommandTimeout> commandTimeout,
			ObjectProvider<AzureRedisObservations> observations, ObjectProvider<RedisAccess> access,
			ObjectProvider<RedisServerInfo> serverInfo,
			@Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) ObjectProvider<Executor> taskExecutor) {
		AzureRedisCacheProperties properties = settings.properties();
		AzureRedisObservations observed = observations.getIfAvailable(AzureRedisObservations::none);
		NodeCommands nodes = NodeCommands.of(redissonClient);
		RedissonCacheStore redissonStore = (nodes != null) ? new RedissonCacheStore(redissonClient, nodes, observed)
				: null;
		BoundedCalls calls = new BoundedCalls(timeout(redissonClient, commandTimeout.getIfAvailable()),
				access.getIfAvailable());
		AzureRedisCacheWriter writer = new AzureRedisCacheWriter(
				store(redissonStore, nodes, properties.getBatching(), redissonClient, observed), calls, observed,
				new RedissonConnectionFactory(redissonClient), settings::loadPolicy);

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
		CustomizedBuilder customized = CustomizedBuilder.of(builder);

		if (redissonStore != null) {
			CacheCommands.requireOffered(serverInfo.getIfAvailable(() -> RedisServerInfo.of(redissonClient)),
					redissonStore::useGetEx, properties, customized.defaults(), customized.caches(),
					settings.nearCacheSetting(), settings.leaseSetting(), settings.loadPolicySetting());
		}
		NearCache nearCache = settings.anyNearCached()
				? nearCache(redissonClient, properties, connectionEvents.getIfAvailable()) : null;
		LoadOutcomes loadOutcomes = new LoadOutcomes();
		KeyLeases leases = leases(redissonClient, nodes, calls, observed, settings, loadOutcomes);
		AzureRedisCacheManager cacheManager = new AzureRedisCacheManager(writer, customized.defaults(),
				customized.createOnFirstUse(), customized.caches(), nearCache, settings, leases, loadOutcomes,
				SingletonSupplier.of(() -> taskExecutor.getIfAvailable(AzureRedisCacheAutoConfiguration::ownExecutor)));
		cacheManager.setTransactionAware(customized.transactionAware());
		return new CacheManagerCustomizers(cacheManagerCustomizers.orderedStream().toList()).customize(cacheManager);
	}

	/**
	 * The commands of the caches: on Redisson's own client, sent to the node of each key, reads and fills coalesced unless
	 * {@code azure.redis.cache.batching.enabled=false}; on another implementation, through Spring Data's writer.
	 */
	private static CacheStore store(@Nullable RedissonCacheStore redissonStore, @Nullable NodeCommands nodes,
			AzureRedisCacheProperties.Batching batching, RedissonClient redissonClient,
			AzureRedisObservations observations) {
		if (redissonStore == null || nodes == null) {
			return new SpringDataCacheStore(new RedissonConnectionFactory(redissonClient));
		}
		return batching.isEnabled()
				? new CommandCoalescer(redissonStore, nodes, batching.getMaxInFlight(), batching.getMaxKeys(), observations)
				: redissonStore;
	}

	/**
	 * The leases that compute a miss once across instances, on Redisson's own client; on another implementation each
	 * instance computes once.
	 */
	private static @Nullable KeyLeases leases(RedissonClient redissonClient, @Nullable NodeCommands nodes,
			BoundedCalls calls, AzureRedisObservations observations, CacheSettings settings, LoadOutcomes outcomes) {
		if (!settings.anyLeased()) {
			return null;
		}
		if (nodes == null) {
			logger.info("The application's own RedissonClient is not Redisson's implementation: @Cacheable(sync = true) "
					+ "misses are computed once per instance, not once across instances (azure.redis.cache.lease)");
			return null;
		}
		return new KeyLeases(redissonClient, nodes, calls, observations, outcomes);
	}

	/**
	 * Where background loads (refresh-ahead, a method left running by a soft timeout) run without Spring Boot's
	 * application task executor (an application that defines an {@code Executor} of its own): a thread per load,
	 * at most 16 at once, daemons so that they never keep the application alive. Past the limit, a load is refused
	 * rather than hold up its caller until a thread is free.
	 */
	private static Executor ownExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("azure-redis-cache-load-");
		executor.setDaemon(true);
		executor.setConcurrencyLimit(16);
		executor.setRejectTasksWhenLimitReached(true);
		return executor;
	}

	private static CommandTimeout timeout(RedissonClient redissonClient, @Nullable CommandTimeout configured) {
		CommandTimeout timeout = CommandTimeout.forClient(redissonClient, configured);
		// Another implementation's commands run on the caller's thread within its own timeouts.
		return (timeout != null) ? timeout : new CommandTimeout(CommandTimeout.DEFAULT);
	}

	private static NearCache nearCache(RedissonClient redissonClient, AzureRedisCacheProperties properties,
			@Nullable RedisConnectionEvents connectionEvents) {
		NearCache nearCache = new NearCache(redissonClient, properties.getNearCache());
		if (connectionEvents != null) {
			connectionEvents.addDisconnectListener(nearCache::disconnected);
			connectionEvents.addReauthenticationListener(nearCache::reauthenticating);
		}
		else {
			logger.info("The application's own RedissonClient reports no lost connections to the near cache: "
					+ "it relies on its probes (azure.redis.cache.near-cache.probe-interval) alone.");
		}
		return nearCache;
	}

	/**
	 * What Spring Data's builder holds once the customizers ran. Its getters give the cache configurations only, and
	 * it builds nothing but its own {@code RedisCacheManager}: whether caches are created on first use and are
	 * transaction-aware is read from the manager it builds, which is then dropped, and statistics, which it turns on
	 * by handing the writer a collector while it builds, are the writer's. A writer a customizer sets with
	 * {@code cacheWriter(...)} and a reset strategy are not taken over.
	 */
	private record CustomizedBuilder(RedisCacheConfiguration defaults, Map<String, RedisCacheConfiguration> caches,
			boolean createOnFirstUse, boolean transactionAware) {

		static CustomizedBuilder of(RedisCacheManager.RedisCacheManagerBuilder builder) {
			Map<String, RedisCacheConfiguration> caches = new LinkedHashMap<>();
			for (String name : builder.getConfiguredCaches()) {
				builder.getCacheConfigurationFor(name).ifPresent((configuration) -> caches.put(name, configuration));
			}
			RedisCacheManager built = builder.build();
			return new CustomizedBuilder(builder.cacheDefaults(), caches, built.isAllowRuntimeCacheCreation(),
					built.isTransactionAware());
		}

	}

}
