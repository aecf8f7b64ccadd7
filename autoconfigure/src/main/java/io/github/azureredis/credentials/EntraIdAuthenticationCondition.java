package io.github.azureredis.credentials;

import io.github.azureredis.connection.AuthenticationSelector;
import io.github.azureredis.connection.AzureRedisProperties.Authentication;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application authenticates to Redis with Microsoft Entra ID (see {@link AuthenticationSelector}).
 *
 * @author Azure Redis Cache contributors
 */
class EntraIdAuthenticationCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Microsoft Entra ID authentication");
		Authentication authentication = AuthenticationSelector.select(context.getEnvironment());
		return (authentication == Authentication.ENTRA_ID) ? ConditionOutcome.match(message.because("it is selected"))
				: ConditionOutcome.noMatch(message.because("authentication is " + authentication));
	}

}
