package io.github.azureredis.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A proxy that makes a redis-server answer as Redis Enterprise (Azure Managed Redis) does where a client can tell
 * the difference in what the starter sends (Redis Software's command compatibility tables):
 * <ul>
 * <li>{@code INFO} reports an {@code rlec_version} field, as Redis Enterprise's does;</li>
 * <li>{@code SELECT} is accepted and does nothing: every client stays in database 0;</li>
 * <li>{@code READONLY} and {@code READWRITE} are unknown.</li>
 * </ul>
 * It rewrites commands and never answers itself, so replies stay in order for pipelining clients. Not modelled: the
 * rest of Redis Enterprise's INFO fields, its other refused commands, its proxy's cluster policies.
 */
public final class RedisEnterpriseLike implements AutoCloseable {

	/** The {@code rlec_version} it reports. */
	public static final String VERSION = "7.8.2-7";

	private static final String INFO = "return redis.call('INFO', unpack(ARGV)) .. 'rlec_version:" + VERSION
			+ "\\r\\n'";

	private final RedisServer backend;

	private final ServerSocket serverSocket;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	private RedisEnterpriseLike(RedisServer backend) throws IOException {
		this.backend = backend;
		this.serverSocket = new ServerSocket();
		this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.find()), 50);
		daemon(this::accept, "redis-enterprise-like-" + port()).start();
	}

	/**
	 * Starts the proxy in front of a server, which it does not close.
	 * @param backend the redis-server
	 * @return the running proxy
	 */
	public static RedisEnterpriseLike start(RedisServer backend) {
		try {
			return new RedisEnterpriseLike(backend);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the loopback address the proxy listens on */
	public String host() {
		return "127.0.0.1";
	}

	/** @return the proxy's port */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.serverSocket.accept();
				Socket server = new Socket(this.backend.host(), this.backend.port());
				client.setTcpNoDelay(true);
				server.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(server);
				daemon(() -> forwardCommands(client, server), "redis-enterprise-like-up").start();
				daemon(() -> forwardReplies(server, client), "redis-enterprise-like-down").start();
			}
			catch (IOException ex) {
				// Closed, or the backend is down: the client sees its connection closed.
			}
		}
	}

	private void forwardCommands(Socket client, Socket server) {
		try (InputStream in = new BufferedInputStream(client.getInputStream());
				OutputStream out = new BufferedOutputStream(server.getOutputStream())) {
			List<byte[]> command;
			while ((command = Resp.readCommand(in)) != null) {
				Resp.writeCommand(out, rewrite(command));
				if (in.available() == 0) {
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			// A side closed the connection.
		}
		finally {
			closeQuietly(client);
			closeQuietly(server);
		}
	}

	private void forwardReplies(Socket server, Socket client) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				out.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// A side closed the connection.
		}
		finally {
			closeQuietly(client);
			closeQuietly(server);
		}
	}

	private static List<byte[]> rewrite(List<byte[]> command) {
		if (command.isEmpty()) {
			return command;
		}
		String name = new String(command.get(0), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
		List<byte[]> rewritten = new ArrayList<>();
		switch (name) {
			case "INFO" -> {
				rewritten.add(bytes("EVAL"));
				rewritten.add(bytes(INFO));
				rewritten.add(bytes("0"));
				rewritten.addAll(command.subList(1, command.size()));
			}
			case "SELECT" -> {
				rewritten.add(command.get(0));
				rewritten.add(bytes("0"));
			}
			case "READONLY", "READWRITE" -> rewritten.add(bytes(name + "-NOT-ON-REDIS-ENTERPRISE"));
			default -> {
				return command;
			}
		}
		return rewritten;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		this.sockets.forEach(RedisEnterpriseLike::closeQuietly);
	}

	@Override
	public String toString() {
		return "RedisEnterpriseLike[" + host() + ":" + port() + " -> " + this.backend + "]";
	}

}
