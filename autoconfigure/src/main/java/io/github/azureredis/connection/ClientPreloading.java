package io.github.azureredis.connection;

import java.util.List;

import io.github.azureredis.connection.AzureRedisProperties.Transport;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Loads what creating the Redisson client loads, for a background thread to do before the client is created: most
 * of Redisson's, Netty's and the chosen transport's classes, and epoll's native library where the client will use or
 * probe it. Public only for the cache's start-up preloading; not an API.
 * <p>
 * Nothing connects. Redisson's classes are initialized (constants); Netty's are only loaded, since their
 * initialization reads system properties an application may still set. A class missing from the Redisson or Netty
 * version in use is skipped.
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
			"org.redisson.client.RedisClient",
			"org.redisson.client.handler.RedisChannelInitializer", "org.redisson.client.handler.CommandDecoder",
			"org.redisson.client.handler.CommandEncoder", "org.redisson.command.CommandAsyncService",
			"org.redisson.liveobject.core.RedissonObjectBuilder");

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
	 * The loading of the client's classes, to run on another thread.
	 * @param environment the application's environment, read now for the transport
	 * ({@code azure.redis.client.transport})
	 * @param classLoader the application's class loader
	 * @return the loading
	 */
	public static Runnable of(Environment environment, ClassLoader classLoader) {
		Transport transport;
		try {
			transport = Binder.get(environment)
				.bind("azure.redis.client.transport", Transport.class)
				.orElse(Transport.AUTO);
		}
		catch (RuntimeException ex) {
			// The start-up reports a bad value when it binds the properties; epoll is left alone until then.
			transport = Transport.NIO;
		}
		Transport chosen = transport;
		return () -> {
			REDISSON.forEach((name) -> load(name, true, classLoader));
			NETTY.forEach((name) -> load(name, false, classLoader));
			RedissonConfigFactory.preloadTransport(chosen);
		};
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
