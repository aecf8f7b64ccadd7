package io.github.azureredis.cache;

import org.springframework.boot.autoconfigure.cache.CacheType;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code spring.cache.type} is {@code redis} or not set. Spring Boot's own detection would pick JCache
 * first, because Redisson registers a JCache provider; this starter decides for Redis instead.
 *
 * @author Azure Redis Cache contributors
 */
class RedisCacheTypeCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Azure Redis cache type");
		BindResult<CacheType> type = Binder.get(context.getEnvironment()).bind("spring.cache.type", CacheType.class);
		if (!type.isBound()) {
			return ConditionOutcome.match(message.because("spring.cache.type is not set"));
		}
		if (type.get() == CacheType.REDIS) {
			return ConditionOutcome.match(message.because("spring.cache.type is redis"));
		}
		return ConditionOutcome.noMatch(message.because("spring.cache.type is " + type.get()));
	}

}
