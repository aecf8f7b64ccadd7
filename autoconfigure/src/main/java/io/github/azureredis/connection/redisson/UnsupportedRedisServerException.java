package io.github.azureredis.connection.redisson;

import java.util.Set;

/**
 * A feature that is turned on needs commands the Redis server does not offer. Thrown at start-up, so that the
 * application does not start to fail every call of the feature.
 *
 * @author Azure Redis Cache contributors
 */
public final class UnsupportedRedisServerException extends RuntimeException {

	private final String feature;

	private final String property;

	private final String server;

	private final String address;

	private final Set<String> missingCommands;

	private final String action;

	UnsupportedRedisServerException(String feature, String property, String server, String address,
			Set<String> missingCommands, String action) {
		super(feature + " (" + property + ") needs the Redis command" + ((missingCommands.size() > 1) ? "s " : " ")
				+ String.join(", ", missingCommands) + ", which " + server + " at " + address + " does not offer");
		this.feature = feature;
		this.property = property;
		this.server = server;
		this.address = address;
		this.missingCommands = Set.copyOf(missingCommands);
		this.action = action;
	}

	/** @return what needs the commands, e.g. {@code "Time-to-idle"} */
	public String feature() {
		return this.feature;
	}

	/** @return the property that turns the feature on */
	public String property() {
		return this.property;
	}

	/** @return the server, e.g. {@code Redis 6.0.14} */
	public String server() {
		return this.server;
	}

	/** @return where the server was asked, {@code host:port} */
	public String address() {
		return this.address;
	}

	/** @return the commands the server does not offer */
	public Set<String> missingCommands() {
		return this.missingCommands;
	}

	/** @return what to do instead, besides a server that offers the commands */
	public String action() {
		return this.action;
	}

}
