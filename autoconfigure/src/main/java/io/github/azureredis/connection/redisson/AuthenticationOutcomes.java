package io.github.azureredis.connection.redisson;

import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.redisson.client.NettyHook;
import org.redisson.client.RedisConnection;
import org.redisson.client.RedisWrongPasswordException;

/**
 * Tells {@link RedisAccess} whether Redis accepted or refused the credentials of each connection Redisson opens or
 * reopens, pooled and Pub/Sub. Redisson has no event for a connection whose authentication was refused: it logs,
 * closes the connection and tries again, and calls wait for a connection until their timeout. This watches the
 * promise that Redisson's connection object (an internal) completes once a new connection has authenticated (or
 * failed to).
 * <p>
 * Installed through Redisson's {@link NettyHook}, after any hook the application sets, which it keeps.
 *
 * @author Azure Redis Cache contributors
 */
public final class AuthenticationOutcomes extends ChainedNettyHook {

	private final ChannelHandler handler;

	/**
	 * Creates the hook.
	 * @param previous the hook set before it, which runs first
	 * @param access where outcomes go
	 * @param identity who the client authenticates as, for messages (never a password or token)
	 * @param advice what to check when Redis refuses it
	 */
	public AuthenticationOutcomes(NettyHook previous, RedisAccess access, Supplier<String> identity, String advice) {
		super(previous);
		this.handler = new Outcomes(access, identity, advice);
	}

	@Override
	void initialize(Channel channel) {
		// First: Redisson's connection handler passes the activation on only once the connection authenticated.
		channel.pipeline().addFirst("azure-redis-authentication-outcomes", this.handler);
	}

	@ChannelHandler.Sharable
	private static final class Outcomes extends ChannelInboundHandlerAdapter {

		private final RedisAccess access;

		private final Supplier<String> identity;

		private final String advice;

		Outcomes(RedisAccess access, Supplier<String> identity, String advice) {
			this.access = access;
			this.identity = identity;
			this.advice = advice;
		}

		@Override
		public void channelActive(ChannelHandlerContext ctx) throws Exception {
			RedisConnection connection = RedisConnection.getFrom(ctx.channel());
			if (connection != null) {
				String node = String.valueOf(ctx.channel().remoteAddress());
				connection.getConnectionPromise().whenComplete((connected, failure) -> {
					if (failure == null) {
						this.access.accepted();
					}
					else if (refused(failure)) {
						this.access.refused(node, this.identity, this.advice);
					}
				});
			}
			ctx.fireChannelActive();
			ctx.pipeline().remove(this);
		}

		private static boolean refused(Throwable failure) {
			return Causes.anyMatch(failure, RedisWrongPasswordException.class::isInstance);
		}

	}

}
