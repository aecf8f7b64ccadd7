package io.github.azureredis.connection;

import io.github.azureredis.connection.redisson.UnsupportedRedisServerException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a feature that needs commands the Redis server does not offer: the feature, the property that turned it
 * on, the server and its version, the missing commands, and what to do.
 *
 * @author Azure Redis Cache contributors
 */
class UnsupportedRedisServerFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedRedisServerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedRedisServerException cause) {
		return new FailureAnalysis(cause.getMessage() + ".", "Use a server that offers "
				+ String.join(", ", cause.missingCommands()) + " (the command may be disabled or renamed on this one), "
				+ cause.action() + " See docs/servers.md for what each supported server offers.", cause);
	}

}
