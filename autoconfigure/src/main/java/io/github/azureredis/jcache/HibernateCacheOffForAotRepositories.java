package io.github.azureredis.jcache;

import java.util.Map;
import java.util.function.Predicate;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Lets an application with Spring Data JPA and Hibernate's second-level cache be built ahead of time. During a build's
 * AOT processing, Spring Data JPA bootstraps Hibernate by itself ("AotMetamodel"), outside the application context, to
 * generate repository code, with the {@code spring.jpa.properties.*} of the environment and nothing of the
 * context: with {@code hibernate-jcache} on the class path, Hibernate then asks JCache's default provider, the
 * starter's Redisson, for its regions, and Redisson's provider without a configuration file of its own fails the
 * build ("Default configuration hasn't been specified!"). That metamodel needs no cache, so while AOT processing runs
 * (and only then) this turns Hibernate's second-level and query caches off for it; the application built, AOT or not,
 * runs with its own settings.
 * <p>
 * Spring Data JPA 4.1 merges the property sources from the first to the last, each overwriting the one before, where
 * the environment takes the first: the settings go first and last, so that an application's
 * {@code use_second_level_cache=true} does not outrank them either way.
 *
 * @author Azure Redis Cache contributors
 */
final class HibernateCacheOffForAotRepositories implements EnvironmentPostProcessor {

	static final String HIBERNATE_JCACHE = "org.hibernate.cache.jcache.internal.JCacheRegionFactory";

	static final Map<String, Object> CACHES_OFF = Map.of(
			"spring.jpa.properties.hibernate.cache.use_second_level_cache", "false",
			"spring.jpa.properties.hibernate.cache.use_query_cache", "false");

	private final Predicate<String> present;

	HibernateCacheOffForAotRepositories() {
		this((name) -> ClassUtils.isPresent(name, HibernateCacheOffForAotRepositories.class.getClassLoader()));
	}

	HibernateCacheOffForAotRepositories(Predicate<String> present) {
		this.present = present;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty(AbstractAotProcessor.AOT_PROCESSING, Boolean.class, false)
				&& this.present.test(HIBERNATE_JCACHE)) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("azureRedisCacheAotRepositoriesFirst", CACHES_OFF));
			environment.getPropertySources()
				.addLast(new MapPropertySource("azureRedisCacheAotRepositoriesLast", CACHES_OFF));
		}
	}

}
