package io.github.azureredis.connection;

import io.github.azureredis.connection.redisson.ClosedConnectionRetries;
import io.github.azureredis.connection.redisson.LargeReplies;
import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.connection.redisson.AuthenticationOutcomes;
import io.github.azureredis.connection.AzureRedisProperties.Authentication;
import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.RedisAccess;
import io.github.azureredis.connection.redisson.RedisConnectionEvents;
import io.github.azureredis.connection.redisson.RedisServerInfo;
import io.github.azureredis.connection.redisson.RedisSilence;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of a {@link RedissonClient} from Spring Boot's Redis connection details, decorated with Azure's
 * defaults ({@link AzureRedisConnectionDetails}), authenticated by the {@link CredentialsResolver} bean when there is
 * one (Microsoft Entra ID), else as the details decide.
 * <p>
 * Ordered before Spring Boot's Redis auto-configuration so that Lettuce does not start a second client, and before
 * Redisson's own starter so that only this client exists.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration(before = DataRedisAutoConfiguration.class,
		afterName = "io.github.azureredis.credentials.EntraIdCredentialsAutoConfiguration",
		beforeName = { "org.redisson.spring.starter.RedissonAutoConfigurationV4",
				"org.redisson.spring.starter.RedissonAutoConfigurationV2" })
@ConditionalOnClass({ RedissonClient.class, DataRedisConnectionDetails.class })
@ConditionalOnBooleanProperty(name = "azure.redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ AzureRedisProperties.class, DataRedisProperties.class })
public final class AzureRedisClientAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AzureRedisClientAutoConfiguration.class);

	private static final String REDISSON_STARTER = "org.redisson.spring.starter.RedissonAutoConfigurationV4";

	@Bean
	@ConditionalOnMissingBean
	RedisConnectionEvents redisConnectionEvents() {
		return new RedisConnectionEvents();
	}

	@Bean
	@ConditionalOnMissingBean
	RedisAccess redisAccess() {
		return new RedisAccess();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "azure.redis.client.fail-fast-while-silent", matchIfMissing = true)
	RedisSilence redisSilence() {
		return new RedisSilence();
	}

	@Bean
	@ConditionalOnMissingBean
	CommandTimeout redisCommandTimeout(DataRedisProperties redisProperties, ObjectProvider<RedisSilence> silence) {
		return CommandTimeout.of(redisProperties, silence.getIfAvailable());
	}

	/**
	 * What the server offers, read once for all the features that check it at start-up, from the client the
	 * application uses, this starter's or its own.
	 */
	@Bean
	@ConditionalOnMissingBean
	RedisServerInfo redisServerInfo(RedissonClient redissonClient) {
		return RedisServerInfo.of(redissonClient);
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	RedissonClient redissonClient(ObjectProvider<DataRedisConnectionDetails> connectionDetails,
			DataRedisProperties redisProperties, AzureRedisProperties properties, Environment environment,
			ObjectProvider<CredentialsResolver> credentialsResolver, RedisConnectionEvents connectionEvents,
			RedisAccess access, ObjectProvider<RedisSilence> silence,
			ObjectProvider<RedissonConfigCustomizer> customizers) {
		if (ClassUtils.isPresent(REDISSON_STARTER, getClass().getClassLoader())) {
			logger.warn("redisson-spring-boot-starter is on the classpath as well as azure-redis-cache-spring-boot-starter."
					+ " Its client is not created; remove the dependency, this starter configures Redisson itself.");
		}
		DataRedisConnectionDetails available = connectionDetails.getIfAvailable();
		if (available == null) {
			throw new IllegalStateException("No DataRedisConnectionDetails bean exists: do not exclude "
					+ "DataRedisAutoConfiguration, or define a DataRedisConnectionDetails bean.");
		}
		AzureRedisConnectionDetails details = AzureRedisConnectionDetails.of(available, properties, environment);
		RedisEndpoint endpoint = RedisEndpoint.of(details);
		Config config = RedissonConfigFactory.create(endpoint, redisProperties, properties,
				() -> RedisCredentials.select(details, credentialsResolver.getIfAvailable()));
		config.setConnectionListener(connectionEvents);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(config));
		config.setCredentialsResolver(connectionEvents.announcingRenewals(config.getCredentialsResolver()));
		config.setNettyHook(new ClosedConnectionRetries(config.getNettyHook()));
		config.setNettyHook(new LargeReplies(config.getNettyHook()));
		RedisSilence watched = silence.getIfAvailable();
		if (watched != null) {
			config.setNettyHook(watched.watching(config.getNettyHook()));
		}
		if (details.getAuthentication() != Authentication.NONE) {
			config.setNettyHook(new AuthenticationOutcomes(config.getNettyHook(), access,
					() -> identity(config, details.getAuthentication()), advice(details.getAuthentication())));
		}
		logger.debug("Connecting to Redis {} {} ({}, authentication {})", endpoint.topology(), endpoint.nodes(),
				endpoint.tls() ? "TLS" : "no TLS", details.getAuthentication());
		RedissonClient client;
		try {
			client = Redisson.create(config);
		}
		catch (RuntimeException ex) {
			throw new RedisStartupConnectionException(endpoint, ex);
		}
		NodeCommands nodes = NodeCommands.of(client);
		if (watched != null && nodes != null) {
			watched.probeWith(nodes::pingMasters);
		}
		if (!config.isLazyInitialization()) {
			try {
				// Read before the shared RedisServerInfo exists: INFO only, which the features do not ask for.
				RedisServerInfo server = RedisServerInfo.of(client);
				if (endpoint.topology() == RedisEndpoint.Topology.STANDALONE) {
					ClusterModeCheck.requireNotACluster(server, endpoint);
				}
				ServerSettingsCheck.requireHonouredBy(server, endpoint, properties.getCluster().getReadFrom());
			}
			catch (RuntimeException ex) {
				client.shutdown();
				throw ex;
			}
		}
		return client;
	}

	/** Who the client authenticates as, for messages: a user name or object id, never a password or token. */
	private static String identity(Config config, Authentication authentication) {
		String username = config.getUsername();
		if (username == null) {
			try {
				Credentials credentials = config.getCredentialsResolver()
					.resolve(null)
					.toCompletableFuture()
					.getNow(null);
				username = (credentials != null) ? credentials.getUsername() : null;
			}
			catch (RuntimeException ex) {
				// No credentials now (an expired token): the identity stays unnamed.
			}
		}
		if (authentication == Authentication.ENTRA_ID) {
			return "the Microsoft Entra ID identity" + ((username != null) ? " with object id " + username : "");
		}
		return "the Redis user '" + ((username != null) ? username : "default") + "'";
	}

	private static String advice(Authentication authentication) {
		if (authentication == Authentication.ENTRA_ID) {
			return "Check that this identity still has access to the cache: on the cache's Authentication page in the "
					+ "Azure portal (Microsoft Entra Authentication), or with 'az redis access-policy-assignment list' "
					+ "(Azure Managed Redis: 'az redisenterprise database access-policy-assignment list'); and that "
					+ "azure.redis.username, if set, is its object id.";
		}
		return "Check spring.data.redis.password (an access key that was regenerated must be replaced) and "
				+ "spring.data.redis.username (an ACL user must exist and be on).";
	}

}
