package io.github.azureredis.connection;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;

/**
 * The client could not connect when the application started. Says where it tried and whether with TLS (never with
 * which credentials), because Redisson's own exceptions often do not, and a failure report needs both to say what
 * to fix.
 *
 * @author Azure Redis Cache contributors
 */
final class RedisStartupConnectionException extends RuntimeException {

	private final String where;

	private final boolean tls;

	RedisStartupConnectionException(RedisEndpoint endpoint, RuntimeException cause) {
		this(addresses(endpoint.nodes()) + (endpoint.tls() ? " with TLS" : " without TLS"), endpoint.tls(), cause);
	}

	private RedisStartupConnectionException(String where, boolean tls, RuntimeException cause) {
		super("Could not connect to Redis at " + where + ": " + cause.getMessage(), cause);
		this.where = where;
		this.tls = tls;
	}

	/** @return the addresses tried and whether with TLS, e.g. {@code mycache.redis.cache.windows.net:6380 with TLS} */
	String where() {
		return this.where;
	}

	boolean tls() {
		return this.tls;
	}

	private static String addresses(List<Node> nodes) {
		return nodes.stream().map((node) -> node.host() + ":" + node.port()).collect(Collectors.joining(", "));
	}

}
