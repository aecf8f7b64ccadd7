package io.github.azureredis.cache;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.azureredis.connection.redisson.ClientPreloading;
import io.github.azureredis.values.json.AllowListJsonRedisSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.NativeDetector;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Loads, on a background thread while Spring Boot reads the application's configuration classes, the classes that
 * the main thread would otherwise load one by one when it creates the Redisson client ({@link ClientPreloading}) and
 * the JSON of the cache's values (a mapper built and dropped): Redisson's, Netty's and Jackson's, most of the
 * starter's own start-up time. Spring Boot preinitializes what it needs the same way ({@code BackgroundPreinitializer},
 * whose extension point gives no access to the environment, so cannot tell whether the starter is on), and so this is
 * skipped where Spring Boot's is: on one processor, in a native image, with
 * {@code -Dspring.backgroundpreinitializer.ignore=true}; and with {@code azure.redis.enabled=false}. Nothing connects.
 *
 * @author Azure Redis Cache contributors
 */
final class StartupPreloading implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	/** Spring Boot's switch for its own background preinitialization. */
	static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

	private static final String REDISSON_CLIENT = "org.redisson.api.RedissonClient";

	private static final String JSON_MAPPER = "tools.jackson.databind.json.JsonMapper";

	private static final Logger logger = LoggerFactory.getLogger(StartupPreloading.class);

	private static final AtomicBoolean started = new AtomicBoolean();

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ConfigurableEnvironment environment = event.getEnvironment();
		ClassLoader classLoader = (event.getSpringApplication().getClassLoader() != null)
				? event.getSpringApplication().getClassLoader() : StartupPreloading.class.getClassLoader();
		if (!applies(environment, classLoader, Runtime.getRuntime().availableProcessors())
				|| !started.compareAndSet(false, true)) {
			return;
		}
		Thread thread = new Thread(() -> preload(classLoader), "azure-redis-preload");
		thread.setDaemon(true);
		thread.start();
	}

	/** Whether to preload, as Spring Boot decides for its own, and only where the starter is on. */
	static boolean applies(Environment environment, ClassLoader classLoader, int processors) {
		return !Boolean.getBoolean(IGNORE_PROPERTY) && !NativeDetector.inNativeImage() && processors > 1
				&& environment.getProperty("azure.redis.enabled", Boolean.class, true)
				&& ClassUtils.isPresent(REDISSON_CLIENT, classLoader);
	}

	private static void preload(ClassLoader classLoader) {
		try {
			ClientPreloading.preload(classLoader);
			if (ClassUtils.isPresent(JSON_MAPPER, classLoader)) {
				new AllowListJsonRedisSerializer(List.of(), classLoader);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			// The start-up loads them itself, and reports what fails.
			logger.debug("Could not preload the client's or the JSON's classes: {}", ex.toString());
		}
	}

}
