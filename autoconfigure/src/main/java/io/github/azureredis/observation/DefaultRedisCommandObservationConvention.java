package io.github.azureredis.observation;

import java.net.InetSocketAddress;
import java.util.Locale;

import io.github.azureredis.observation.AzureRedisObservation.RedisCommandHighCardinalityKeyNames;
import io.github.azureredis.observation.AzureRedisObservation.RedisCommandKeyNames;
import io.micrometer.common.KeyValues;

/**
 * Redis commands as the timer {@code azure.redis.commands}, tagged as Lettuce tags its command observations
 * ({@code db.system}, {@code db.operation}, {@code net.sock.peer.addr}, {@code net.sock.peer.port}), and as spans
 * named after the command ({@code mget}) with the number of keys ({@code db.redis.keys}).
 *
 * @author Azure Redis Cache contributors
 */
public class DefaultRedisCommandObservationConvention implements RedisCommandObservationConvention {

	/** The name of the observation. */
	public static final String NAME = "azure.redis.commands";

	private static final String UNKNOWN = "unknown";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(RedisCommandContext context) {
		return context.getCommand().toLowerCase(Locale.ROOT);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(RedisCommandContext context) {
		InetSocketAddress node = context.getNode();
		return KeyValues.of(RedisCommandKeyNames.DATABASE_SYSTEM.withValue("redis"),
				RedisCommandKeyNames.OPERATION.withValue(context.getCommand()),
				RedisCommandKeyNames.PEER_ADDRESS.withValue((node != null) ? node.getHostString() : UNKNOWN),
				RedisCommandKeyNames.PEER_PORT.withValue((node != null) ? Integer.toString(node.getPort()) : UNKNOWN));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(RedisCommandContext context) {
		return KeyValues.of(RedisCommandHighCardinalityKeyNames.KEYS.withValue(Integer.toString(context.getKeys())));
	}

}
