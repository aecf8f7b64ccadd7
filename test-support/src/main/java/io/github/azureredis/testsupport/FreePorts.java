package io.github.azureredis.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, so that parallel builds and repeated runs never collide.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Finds a port that is free now, together with the Redis Cluster bus port 10000 above it.
	 * @return a port in the range 20000 to 54999
	 */
	public static int find() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 55_000);
			if (isFree(port) && isFree(port + 10_000)) {
				return port;
			}
		}
		throw new IllegalStateException("No free loopback port found after 200 attempts");
	}

	/**
	 * Whether a loopback port can be bound now.
	 * @param port the port
	 * @return {@code true} if it is free
	 */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
