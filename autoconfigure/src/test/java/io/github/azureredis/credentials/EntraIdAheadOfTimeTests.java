package io.github.azureredis.credentials;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.azure.core.credential.TokenCredential;
import io.github.azureredis.connection.AzureRedisConnectionDetailsAutoConfiguration;
import io.github.azureredis.cache.AzureRedisCacheAutoConfiguration;
import io.github.azureredis.connection.AzureRedisClientAutoConfiguration;
import io.github.azureredis.connection.AzureRedisConnectionFactoryAutoConfiguration;
import io.github.azureredis.health.AzureRedisHealthAutoConfiguration;
import io.github.azureredis.metrics.AzureRedisMetricsAutoConfiguration;
import io.github.azureredis.health.EntraIdHealthIndicator;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;
import io.github.azureredis.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application processed ahead of time, as {@code spring-boot-maven-plugin}'s {@code process-aot} does, with one
 * configuration at build time and another where it runs: the choice between Microsoft Entra ID, an access key and
 * no authentication is made at run time. The context is generated with {@link ApplicationContextAotGenerator},
 * compiled with {@link TestCompiler} and started from the generated initializer only (in a class loader of its
 * own, so that the generated code reaches the package-private bean methods of the auto-configurations, as it does
 * in an application's jar).
 */
@Tag("integration")
@CompileWithForkedClassLoader
class EntraIdAheadOfTimeTests {

	private static volatile TokenCredential credential;

	@AfterEach
	void forgetCredential() {
		credential = null;
	}

	@Test
	void builtForALocalRedisWithoutAuthenticationRunsWithEntraIdOnTheAzureLikeRedis() {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofHours(1))) {
			credential = azure.credential();
			processAheadOfTime(Map.of("spring.data.redis.host", "localhost", "spring.data.redis.port", "6379"),
					Map.of(properties(azure.properties()), (context) -> {
						BookService books = context.getBean(BookService.class);
						assertThat(books.find("isbn-1")).isEqualTo(books.find("isbn-1"));
						assertThat(books.lookups()).isEqualTo(1);
						assertThat(context.getBean(RedissonClient.class).getBucket("aot", StringCodec.INSTANCE)
							.get()).isNull();
						assertThat(context.getBeanProvider(EntraIdTokenManager.class).getIfAvailable()).isNotNull();
						assertThat(context.getBean(EntraIdHealthIndicator.class).health(true).getStatus())
							.isEqualTo(Status.UP);
						assertThat(azure.redis().acceptedAuthentications()).as("AUTH with a token").isPositive();
						assertThat(azure.credential().requests()).isEqualTo(1);
					}));
		}
	}

	@Test
	void builtForEntraIdRunsWithoutAuthenticationOrWithAnAccessKeyAndRequestsNoToken() {
		FakeTokenCredential fake = new FakeTokenCredential(new FakeEntraId(), AzureLikeEnvironment.OBJECT_ID,
				Duration.ofHours(1));
		credential = fake;
		try (RedisServer open = RedisServer.builder().start();
				RedisServer protectedByKey = RedisServer.builder().config("requirepass", "access-key").start()) {
			Consumer<GenericApplicationContext> noEntraId = (context) -> {
				BookService books = context.getBean(BookService.class);
				books.find("isbn-2");
				books.find("isbn-2");
				assertThat(books.lookups()).isEqualTo(1);
				assertThat(context.getBeanProvider(EntraIdTokenManager.class).getIfAvailable()).isNull();
				assertThat(context.getBeanProvider(EntraIdHealthIndicator.class).getIfAvailable()).isNull();
				assertThat(context.getBeansOfType(EntraIdCredentialsResolver.class)).isEmpty();
				assertThat(fake.requests()).as("token requests").isZero();
			};
			processAheadOfTime(Map.of("spring.data.redis.host", "mycache.redis.cache.windows.net"),
					Map.of(Map.of("spring.data.redis.host", open.host(), "spring.data.redis.port", open.port()),
							noEntraId,
							Map.of("spring.data.redis.host", protectedByKey.host(), "spring.data.redis.port",
									protectedByKey.port(), "spring.data.redis.password", "access-key"),
							noEntraId));
		}
	}

	/**
	 * Generates the context with the build-time properties, as the AOT processor does (with
	 * {@code spring.aot.processing} set), compiles it, and starts it once per run-time configuration, with those
	 * properties only.
	 */
	private static void processAheadOfTime(Map<String, Object> buildTime,
			Map<Map<String, Object>, Consumer<GenericApplicationContext>> runs) {
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName initializerName;
		try (AnnotationConfigApplicationContext buildContext = new AnnotationConfigApplicationContext()) {
			addProperties(buildContext.getEnvironment(), "build-time", buildTime);
			buildContext.register(AotApplication.class);
			System.setProperty(AbstractAotProcessor.AOT_PROCESSING, "true");
			try {
				initializerName = new ApplicationContextAotGenerator().processAheadOfTime(buildContext,
						generationContext);
			}
			finally {
				System.clearProperty(AbstractAotProcessor.AOT_PROCESSING);
			}
		}
		generationContext.writeGeneratedContent();
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			@SuppressWarnings("unchecked")
			ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
				.getInstance(ApplicationContextInitializer.class, initializerName.toString());
			runs.forEach((runTime, assertions) -> {
				try (GenericApplicationContext context = new GenericApplicationContext()) {
					addProperties(context.getEnvironment(), "run-time", runTime);
					initializer.initialize(context);
					context.refresh();
					assertions.accept(context);
				}
			});
		});
	}

	private static Map<String, Object> properties(String[] keyValues) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String keyValue : keyValues) {
			int equals = keyValue.indexOf('=');
			properties.put(keyValue.substring(0, equals), keyValue.substring(equals + 1));
		}
		return properties;
	}

	private static void addProperties(ConfigurableEnvironment environment, String name, Map<String, Object> properties) {
		environment.getPropertySources().addFirst(new MapPropertySource(name, properties));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AzureRedisConnectionDetailsAutoConfiguration.class, EntraIdCredentialsAutoConfiguration.class, AzureRedisClientAutoConfiguration.class,
			AzureRedisConnectionFactoryAutoConfiguration.class, AzureRedisCacheAutoConfiguration.class,
			AzureRedisHealthAutoConfiguration.class, AzureRedisMetricsAutoConfiguration.class,
			DataRedisAutoConfiguration.class, CacheAutoConfiguration.class, SslAutoConfiguration.class })
	@Import(CachingConfiguration.class)
	static class AotApplication {

		@Bean
		TokenCredential applicationTokenCredential() {
			return credential;
		}

	}

}
