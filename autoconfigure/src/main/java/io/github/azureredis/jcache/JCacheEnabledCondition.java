package io.github.azureredis.jcache;

import org.springframework.boot.autoconfigure.cache.CacheType;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code azure.redis.jcache.enabled=true}, or when it is not set and {@code spring.cache.type=jcache}.
 *
 * @author Azure Redis Cache contributors
 */
class JCacheEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Azure Redis JCache");
		Binder binder = Binder.get(context.getEnvironment());
		Boolean enabled = binder.bind("azure.redis.jcache.enabled", Boolean.class).orElse(null);
		if (enabled != null) {
			return enabled ? ConditionOutcome.match(message.because("azure.redis.jcache.enabled is true"))
					: ConditionOutcome.noMatch(message.because("azure.redis.jcache.enabled is false"));
		}
		CacheType type = binder.bind("spring.cache.type", CacheType.class).orElse(null);
		return (type == CacheType.JCACHE) ? ConditionOutcome.match(message.because("spring.cache.type is jcache"))
				: ConditionOutcome.noMatch(message.because("spring.cache.type is not jcache"));
	}

}
