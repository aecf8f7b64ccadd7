package io.github.azureredis.connection.redisson;

import java.util.List;

/**
 * Loads what creating the Redisson client loads, for a background thread to do before the client is created: most
 * of Redisson's and Netty's classes. Public only for the start-up preloading of the cache; not an API.
 * <p>
 * Nothing connects. Redisson's classes are initialized (constants); Netty's are only loaded, since their
 * initialization reads system properties an application may still set (and epoll's loads its native library, which
 * the transport's choice decides on). A class missing from the Redisson or Netty version in use is skipped.
 *
 * @author Azure Redis Cache contributors
 */
public final class ClientPreloading {

	/**
	 * Classes of Redisson whose loading and initialization pull in most of what creating a client loads: its API
	 * (through {@code Redisson}'s methods), its commands, connection management and protocol handlers.
	 */
	static final List<String> REDISSON = List.of("org.redisson.Redisson", "org.redisson.config.Config",
			"org.redisson.client.protocol.RedisCommands", "org.redisson.connection.MasterSlaveConnectionManager",
			"org.redisson.client.RedisClient", "org.redisson.client.handler.RedisChannelInitializer",
			"org.redisson.client.handler.CommandDecoder", "org.redisson.client.handler.CommandEncoder",
			"org.redisson.command.CommandAsyncService", "org.redisson.liveobject.core.RedissonObjectBuilder");

	/** Classes of Netty that Redisson's client uses: event loops, channels, buffers, the resolver. */
	static final List<String> NETTY = List.of("io.netty.channel.MultiThreadIoEventLoopGroup",
			"io.netty.channel.SingleThreadIoEventLoop", "io.netty.channel.nio.NioIoHandler",
			"io.netty.channel.socket.nio.NioSocketChannel", "io.netty.channel.DefaultChannelPipeline",
			"io.netty.bootstrap.Bootstrap", "io.netty.buffer.PooledByteBufAllocator",
			"io.netty.resolver.dns.DnsAddressResolverGroup", "io.netty.resolver.dns.DnsNameResolver",
			"io.netty.util.HashedWheelTimer");

	private ClientPreloading() {
	}

	/**
	 * Loads the client's classes.
	 * @param classLoader the application's class loader
	 */
	public static void preload(ClassLoader classLoader) {
		REDISSON.forEach((name) -> load(name, true, classLoader));
		NETTY.forEach((name) -> load(name, false, classLoader));
	}

	private static void load(String name, boolean initialize, ClassLoader classLoader) {
		try {
			Class.forName(name, initialize, classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// Not in this version: nothing to preload.
		}
	}

}
