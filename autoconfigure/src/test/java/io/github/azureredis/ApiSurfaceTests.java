package io.github.azureredis;

import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The declared API: the public types outside the packages whose package-info says "Not an API" ({@code checks},
 * {@code connection.redisson}, {@code values} and its sub-packages). A type that becomes public, or stops being so, is a decision to make here and in the README,
 * not an accident.
 */
class ApiSurfaceTests {

	private static final String BASE = "io.github.azureredis";

	private static final String[] NON_API = { "checks", "connection.redisson", "values", "values.json", "values.jdk" };

	private static final Set<String> API = Set.of(
			"cache.AzureRedisCache",
			"cache.AzureRedisCacheAutoConfiguration",
			"cache.AzureRedisCacheManager",
			"cache.AzureRedisCacheProperties",
			"cache.CacheSettings",
			"cache.CacheSettingsConfiguration",
			"cache.FailOpenConfiguration",
			"cache.FailOpenCacheErrorHandler",
			"cache.LoadOutcomes",
			"cache.RedisExceptionTranslator",
			"connection.AzureRedisClientAutoConfiguration",
			"connection.AzureRedisConnectionDetails",
			"connection.AzureRedisConnectionDetailsAutoConfiguration",
			"connection.AzureRedisConnectionFactoryAutoConfiguration",
			"connection.AzureRedisProperties",
			"connection.RedissonConfigCustomizer",
			"credentials.CredentialProperties",
			"credentials.EntraIdAuthenticationException",
			"credentials.EntraIdCredentialsAutoConfiguration",
			"credentials.EntraIdTokenListener",
			"credentials.EntraIdTokenManager",
			"credentials.EntraIdTokenStatus",
			"credentials.TokenProperties",
			"jcache.AzureRedisHibernateCacheAutoConfiguration",
			"jcache.AzureRedisJCacheAutoConfiguration",
			"jcache.AzureRedisJCacheManager",
			"jcache.AzureRedisJCacheProperties",
			"maintenance.AzureRedisMaintenance",
			"maintenance.AzureRedisMaintenanceAutoConfiguration",
			"maintenance.AzureRedisMaintenanceEvent",
			"maintenance.AzureRedisMaintenanceProperties",
			"health.AzureRedisHealthAutoConfiguration",
			"health.AzureRedisMaintenanceHealthIndicator",
			"health.EntraIdHealthIndicator",
			"metrics.AzureRedisMaintenanceMetrics",
			"metrics.AzureRedisMetricsAutoConfiguration",
			"metrics.EntraIdTokenMetrics",
			"observation.AzureRedisObservation",
			"observation.AzureRedisObservationAutoConfiguration",
			"observation.AzureRedisObservations",
			"observation.AzureRedisObservationProperties",
			"observation.CacheOperationContext",
			"observation.CacheOperationObservationConvention",
			"observation.DefaultCacheOperationObservationConvention",
			"observation.DefaultReauthenticationObservationConvention",
			"observation.DefaultRedisCommandObservationConvention",
			"observation.DefaultTokenRequestObservationConvention",
			"observation.ReauthenticationContext",
			"observation.ReauthenticationObservationConvention",
			"observation.RedisCommandContext",
			"observation.RedisCommandObservationConvention",
			"observation.TokenRequestObservationContext",
			"observation.TokenRequestObservationConvention",
			"properties.AzureRedisPropertiesAutoConfiguration",
			"properties.AzureRedisSanitizingAutoConfiguration");

	@Test
	void publicTypesAreTheDeclaredApi() throws ClassNotFoundException {
		assertThat(publicTypes()).containsExactlyElementsOf(new TreeSet<>(API));
	}

	@Test
	void internalPackagesSayTheyAreNotAnApi() throws ClassNotFoundException {
		for (String name : NON_API) {
			Package pkg = ClassUtils.forName(BASE + "." + name + ".package-info", getClass().getClassLoader())
				.getPackage();
			assertThat(pkg.getAnnotation(org.jspecify.annotations.NullMarked.class)).as(name).isNotNull();
		}
	}

	private static Set<String> publicTypes() throws ClassNotFoundException {
		// Every top-level type, conditions not evaluated.
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
			@Override
			protected boolean isCandidateComponent(MetadataReader reader) {
				return reader.getClassMetadata().isIndependent()
						&& !reader.getClassMetadata().getClassName().contains("$");
			}

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition beanDefinition) {
				return true;
			}
		};
		Set<String> types = new TreeSet<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents(BASE)) {
			String className = candidate.getBeanClassName();
			Class<?> type = ClassUtils.forName(className, ApiSurfaceTests.class.getClassLoader());
			boolean internal = Set.of(NON_API).contains(ClassUtils.getPackageName(className).replace(BASE + ".", ""));
			boolean mainCode = type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("/classes/")
					&& !type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes");
			if (Modifier.isPublic(type.getModifiers()) && !internal && mainCode) {
				types.add(className.substring(BASE.length() + 1));
			}
		}
		return types;
	}

}
