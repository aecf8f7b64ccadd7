package io.github.azureredis.properties;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.azureredis.cache.AzureRedisCacheProperties;
import io.github.azureredis.connection.AzureRedisProperties;
import io.github.azureredis.credentials.CredentialProperties;
import io.github.azureredis.credentials.TokenProperties;
import io.github.azureredis.jcache.AzureRedisJCacheProperties;
import io.github.azureredis.maintenance.AzureRedisMaintenanceProperties;
import io.github.azureredis.observation.AzureRedisObservationProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Stops start-up, before anything connects, on a key under {@code azure.redis} that none of the starter's
 * properties binds, such as a mistyped {@code azure.redis.client.retry-atempts}, naming the key, where it was set
 * and the key probably meant; never its value, which may be a secret. One rule for every group, whether or not the
 * feature it configures is on.
 * <p>
 * Spring Boot can refuse unknown keys only per {@code @ConfigurationProperties} class, and only for a class whose
 * prefix is no other's parent ({@code azure.redis} is the parent of every group), and prints the value when it does.
 * So the starter's properties are bound here, once, from the environment, noting each key they take, and the
 * environment's keys are compared with those. Environment variables are not checked: {@code AZURE_REDIS_*} variables
 * may belong to other tools.
 *
 * @author Azure Redis Cache contributors
 */
final class UnknownPropertiesCheck implements BeanFactoryPostProcessor {

	/** Every properties class of the starter. */
	static final List<Class<?>> PROPERTIES = List.of(AzureRedisProperties.class, AzureRedisCacheProperties.class,
			AzureRedisJCacheProperties.class, CredentialProperties.class, TokenProperties.class,
			AzureRedisMaintenanceProperties.class, AzureRedisObservationProperties.class);

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("azure.redis");

	private static final int MAXIMUM_TYPOS = 3;

	private final Environment environment;

	UnknownPropertiesCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		check(this.environment);
	}

	static void check(Environment environment) {
		Set<ConfigurationPropertyName> bound = boundNames(environment);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable && !isEnvironmentVariables(source)) {
				List<ConfigurationPropertyName> unknown = iterable.filter(ROOT::isAncestorOf)
					.stream()
					.filter((name) -> !bound.contains(name))
					.sorted()
					.toList();
				if (!unknown.isEmpty()) {
					ConfigurationProperty property = source.getConfigurationProperty(unknown.get(0));
					throw new UnknownPropertyException(unknown.get(0).toString(),
							(property != null && property.getOrigin() != null) ? property.getOrigin().toString() : null,
							suggestion(unknown.get(0)),
							unknown.subList(1, unknown.size()).stream().map(Object::toString).toList());
				}
			}
		}
	}

	/** The keys the starter's properties take, bound as Spring Boot binds them, ignoring values it would refuse. */
	private static Set<ConfigurationPropertyName> boundNames(Environment environment) {
		Set<ConfigurationPropertyName> bound = new HashSet<>();
		BindHandler tracking = new BindHandler() {

			// Also for a key given an empty value, which binds as unset: onSuccess is not called without a result.
			@Override
			public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					@Nullable Object result) throws Exception {
				track(context);
			}

			// A value Spring Boot refuses is a known key all the same: its binding reports the value.
			@Override
			public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
					Exception error) {
				track(context);
				return null;
			}

			private void track(BindContext context) {
				ConfigurationProperty property = context.getConfigurationProperty();
				if (property != null) {
					bound.add(property.getName());
				}
			}

		};
		Binder binder = Binder.get(environment);
		for (Class<?> type : PROPERTIES) {
			binder.bind(prefix(type), Bindable.of(type), tracking);
		}
		return bound;
	}

	private static String prefix(Class<?> type) {
		return MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
	}

	private static boolean isEnvironmentVariables(ConfigurationPropertySource source) {
		return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
				&& StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(propertySource.getName());
	}

	/** The key of the starter closest to {@code unknown}, if it is close enough to be a typo of it. */
	private static @Nullable String suggestion(ConfigurationPropertyName unknown) {
		String best = null;
		int bestDistance = MAXIMUM_TYPOS + 1;
		for (Class<?> type : PROPERTIES) {
			for (String known : knownKeys(prefix(type), type)) {
				String candidate = withMapKeysOf(known, unknown);
				int distance = (candidate != null) ? distance(candidate, unknown.toString()) : Integer.MAX_VALUE;
				if (distance < bestDistance) {
					best = candidate;
					bestDistance = distance;
				}
			}
		}
		return best;
	}

	/** Keys a properties class takes, with {@code *} for the key of a map entry. */
	private static List<String> knownKeys(String prefix, Class<?> type) {
		List<String> keys = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
				continue;
			}
			String key = prefix + "." + DataObjectPropertyName.toDashedForm(descriptor.getName());
			ResolvableType propertyType = ResolvableType.forMethodReturnType(descriptor.getReadMethod());
			Class<?> valueType = (Map.class.isAssignableFrom(propertyType.toClass()))
					? propertyType.asMap().getGeneric(1).toClass() : null;
			if (valueType != null && isStarterType(valueType)) {
				keys.addAll(knownKeys(key + ".*", valueType));
			}
			else if (valueType != null) {
				keys.add(key + ".*");
			}
			else if (isStarterType(propertyType.toClass()) && descriptor.getWriteMethod() == null) {
				keys.addAll(knownKeys(key, propertyType.toClass()));
			}
			else {
				keys.add(key);
			}
		}
		return keys;
	}

	private static boolean isStarterType(Class<?> type) {
		return !type.isEnum() && type.getName().startsWith("io.github.azureredis.")
				&& !Collection.class.isAssignableFrom(type);
	}

	/** {@code known} with its {@code *} replaced by the names of {@code unknown} at the same places. */
	private static @Nullable String withMapKeysOf(String known, ConfigurationPropertyName unknown) {
		ConfigurationPropertyName pattern = ConfigurationPropertyName.of(known.replace("*", "x"));
		if (pattern.getNumberOfElements() != unknown.getNumberOfElements()) {
			return null;
		}
		String[] elements = known.split("\\.");
		for (int i = 0; i < elements.length; i++) {
			if ("*".equals(elements[i])) {
				elements[i] = unknown.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
			}
		}
		return String.join(".", elements);
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
