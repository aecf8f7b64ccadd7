package io.github.azureredis.connection.redisson;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import org.redisson.client.NettyHook;

/**
 * A hook on the channels of Redisson's client that runs after the hook set before it, which it keeps: Redisson's
 * configuration holds a single {@link NettyHook}, and the application's own, or another of the starter's, must
 * still run.
 *
 * @author Azure Redis Cache contributors
 */
abstract class ChainedNettyHook implements NettyHook {

	private final NettyHook previous;

	ChainedNettyHook(NettyHook previous) {
		this.previous = previous;
	}

	@Override
	public final void afterBoostrapInitialization(Bootstrap bootstrap) {
		this.previous.afterBoostrapInitialization(bootstrap);
	}

	@Override
	public final void afterChannelInitialization(Channel channel) {
		this.previous.afterChannelInitialization(channel);
		initialize(channel);
	}

	/**
	 * Does this hook's work on a new channel, after the hooks before it.
	 * @param channel the channel, its handlers added by Redisson
	 */
	abstract void initialize(Channel channel);

}
