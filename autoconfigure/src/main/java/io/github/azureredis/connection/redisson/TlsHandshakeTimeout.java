package io.github.azureredis.connection.redisson;

import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import org.redisson.client.NettyHook;

/**
 * Bounds the TLS handshake of a new connection by the connect timeout. Redisson bounds the TCP connect and the
 * commands that set a connection up (AUTH, PING), but leaves the handshake to Netty's default of 10 s, and its
 * configuration has no setting for it: a handshake that hangs (a server or load balancer restarting) would hold a
 * cache call's attempt past its whole time ({@link CommandTimeout}), where a new attempt would connect.
 * <p>
 * Installed through Redisson's {@link NettyHook}, after any hook already set, which it keeps.
 *
 * @author Azure Redis Cache contributors
 */
public final class TlsHandshakeTimeout extends ChainedNettyHook {

	private final long timeoutMillis;

	public TlsHandshakeTimeout(NettyHook previous, Duration timeout) {
		super(previous);
		this.timeoutMillis = timeout.toMillis();
	}

	@Override
	void initialize(Channel channel) {
		SslHandler ssl = channel.pipeline().get(SslHandler.class);
		if (ssl != null) {
			ssl.setHandshakeTimeoutMillis(this.timeoutMillis);
		}
	}

}
