package io.github.azureredis.connection.redisson;

import java.util.Deque;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.redisson.client.NettyHook;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.handler.CommandsQueue;
import org.redisson.client.handler.RedisPubSubConnectionHandler;
import org.redisson.client.protocol.QueueCommand;
import org.redisson.client.protocol.QueueCommandHolder;

/**
 * Retries at once the commands a closed connection was still waiting to answer. Redisson fails the commands it has
 * not yet written to a connection that closes, but leaves those it has written to wait for their response timeout
 * before it sends them again: with several commands pipelined on a connection, a restart, Azure maintenance or
 * {@code CLIENT KILL} would make some calls wait a whole attempt timeout, and fail when that does not fit in the
 * call's time ({@link CommandTimeout}). This fails them, when the connection closes, with the exception Redisson
 * itself uses when a reconnected connection finds a command unanswered, so that Redisson resends them as it would
 * after their timeout, only sooner. Pub/Sub connections, whose subscriptions Redisson restores itself, are left
 * alone. Redisson's public API has no hook on a closing connection's unanswered commands: this reads its channel's
 * command queue, an internal.
 * <p>
 * Installed through Redisson's {@link NettyHook}, after any hook the application sets, which it keeps.
 *
 * @author Azure Redis Cache contributors
 */
public final class ClosedConnectionRetries extends ChainedNettyHook {

	private static final ChannelHandler RETRY_ON_CLOSE = new RetryOnClose();

	public ClosedConnectionRetries(NettyHook previous) {
		super(previous);
	}

	@Override
	void initialize(Channel channel) {
		if (channel.pipeline().get(RedisPubSubConnectionHandler.class) == null) {
			// First: it must see the commands before Redisson's queue handler forgets them.
			channel.pipeline().addFirst("azure-redis-retry-on-close", RETRY_ON_CLOSE);
		}
	}

	@ChannelHandler.Sharable
	private static final class RetryOnClose extends ChannelInboundHandlerAdapter {

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			Deque<QueueCommandHolder> commands = ctx.channel().attr(CommandsQueue.COMMANDS_QUEUE).get();
			if (commands != null) {
				for (QueueCommandHolder holder : commands) {
					QueueCommand command = holder.getCommand();
					if (!command.isBlockingCommand() && holder.getChannelPromise().isSuccess()) {
						command.tryFailure(new RedisReconnectedException(
								"Connection to " + ctx.channel().remoteAddress() + " closed before the reply"));
					}
				}
			}
			super.channelInactive(ctx);
		}

	}

}
