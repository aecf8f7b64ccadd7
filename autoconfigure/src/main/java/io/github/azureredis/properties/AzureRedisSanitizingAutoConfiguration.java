package io.github.azureredis.properties;

import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks the secrets of Redis connections in the Actuator {@code env} and {@code configprops} endpoints, even where
 * an application shows their values ({@code management.endpoint.*.show-values}): access keys, client secrets,
 * certificate passwords, and passwords inside Redis URLs.
 *
 * @author Azure Redis Cache contributors
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class AzureRedisSanitizingAutoConfiguration {

	// Keys compared without case and separators, so that environment variables (SPRING_DATA_REDIS_PASSWORD) and the
	// camel-case keys of configprops (azure.redis.credential.clientSecret) match as well. Every spring.data.redis
	// password (standalone, sentinel) is matched by its prefix and suffix.
	private static final Set<String> SECRETS = Set.of("azurerediscredentialclientsecret",
			"azurerediscredentialclientcertificatepassword");

	private static final String URL = "springdataredisurl";

	@Bean
	SanitizingFunction azureRedisSecretsSanitizingFunction() {
		return AzureRedisSanitizingAutoConfiguration::sanitize;
	}

	private static SanitizableData sanitize(SanitizableData data) {
		String key = normalized(data.getKey());
		if (SECRETS.contains(key) || (key.startsWith("springdataredis") && key.endsWith("password"))) {
			return data.withSanitizedValue();
		}
		if (key.equals(URL) && data.getValue() != null && String.valueOf(data.getValue()).contains("@")) {
			String url = String.valueOf(data.getValue());
			int scheme = url.indexOf("://");
			int at = url.lastIndexOf('@');
			if (scheme >= 0 && at > scheme) {
				return data.withValue(url.substring(0, scheme + 3) + "******" + url.substring(at));
			}
			return data.withSanitizedValue();
		}
		return data;
	}

	private static String normalized(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		key.chars()
			.filter(Character::isLetterOrDigit)
			.forEach((c) -> normalized.append(Character.toLowerCase((char) c)));
		return normalized.toString();
	}

}
