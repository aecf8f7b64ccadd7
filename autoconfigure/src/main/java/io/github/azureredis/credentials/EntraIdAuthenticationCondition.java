package io.github.azureredis.credentials;

import io.github.azureredis.connection.AuthenticationSelector;
import io.github.azureredis.connection.AzureRedisProperties.Authentication;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application authenticates to Redis with Microsoft Entra ID (see {@link AuthenticationSelector}),
 * and while the application is processed ahead of time. Spring AOT evaluates conditions once, at build time, and
 * freezes the outcome; the host, and so the authentication, is usually configured only where the application is
 * deployed. So the generated context keeps Microsoft Entra ID, and its beans are created only when
 * {@link #isSelected} at run time (they are {@code null} beans otherwise, which injection points see as absent).
 *
 * @author Azure Redis Cache contributors
 */
class EntraIdAuthenticationCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Microsoft Entra ID authentication");
		Authentication authentication = AuthenticationSelector.select(context.getEnvironment());
		if (authentication == Authentication.ENTRA_ID) {
			return ConditionOutcome.match(message.because("it is selected"));
		}
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return ConditionOutcome.match(message.because("the application is processed ahead of time, so the "
					+ "authentication is chosen at run time (at build time it is " + authentication + ")"));
		}
		return ConditionOutcome.noMatch(message.because("authentication is " + authentication));
	}

	/**
	 * Whether the application authenticates with Microsoft Entra ID, decided where it runs.
	 * @param environment the environment
	 * @return {@code true} if Microsoft Entra ID is selected
	 */
	static boolean isSelected(Environment environment) {
		return AuthenticationSelector.select(environment) == Authentication.ENTRA_ID;
	}

}
