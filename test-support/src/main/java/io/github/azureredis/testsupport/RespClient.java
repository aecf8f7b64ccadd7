package io.github.azureredis.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * A minimal blocking Redis client, so tests can look at what is really stored without going through the code under
 * test. Not thread-safe.
 */
public final class RespClient implements AutoCloseable {

	private static final Pattern COMMAND_CALLS = Pattern.compile("^cmdstat_([^:]+):calls=(\\d+)", Pattern.MULTILINE);

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private Map<String, String> commandNames = Map.of();

	private RespClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new BufferedInputStream(socket.getInputStream());
		this.out = new BufferedOutputStream(socket.getOutputStream());
	}

	/**
	 * Connects over plain TCP.
	 * @param host the host
	 * @param port the port
	 * @return the client
	 */
	public static RespClient connect(String host, int port) {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress(host, port), 5000);
			socket.setSoTimeout(30_000);
			socket.setTcpNoDelay(true);
			return new RespClient(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot connect to " + host + ":" + port, ex);
		}
	}

	/**
	 * Connects over TLS, verifying the server's certificate and host name.
	 * @param host the host name to connect to and verify
	 * @param port the port
	 * @param sslContext the context holding the trust material
	 * @return the client
	 */
	public static RespClient connectTls(String host, int port, SSLContext sslContext) {
		try {
			SSLSocket socket = (SSLSocket) sslContext.getSocketFactory().createSocket();
			socket.connect(new InetSocketAddress(host, port), 5000);
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(30_000);
			socket.startHandshake();
			return new RespClient(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot connect over TLS to " + host + ":" + port, ex);
		}
	}

	/**
	 * Sends commands under other names from now on, as a server that renamed them knows them.
	 * @param names the name to send, by command (upper case)
	 * @return this client
	 */
	RespClient renaming(Map<String, String> names) {
		this.commandNames = Map.copyOf(names);
		return this;
	}

	/**
	 * Sends a command and reads its reply.
	 * @param arguments the command and its arguments
	 * @return the decoded reply (see {@link Resp})
	 */
	public @Nullable Object call(Object... arguments) {
		List<byte[]> encoded = new ArrayList<>(arguments.length);
		if (arguments.length > 0 && arguments[0] instanceof String command) {
			arguments = arguments.clone();
			arguments[0] = this.commandNames.getOrDefault(command.toUpperCase(Locale.ROOT), command);
		}
		for (Object argument : arguments) {
			encoded.add((argument instanceof byte[] bytes) ? bytes
					: String.valueOf(argument).getBytes(StandardCharsets.UTF_8));
		}
		try {
			Resp.writeCommand(this.out, encoded);
			this.out.flush();
			return Resp.readReply(this.in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends a command whose reply must not be an error.
	 * @param arguments the command and its arguments
	 * @return the decoded reply
	 * @throws IllegalStateException on an error reply
	 */
	public @Nullable Object require(Object... arguments) {
		Object reply = call(arguments);
		if (reply instanceof Resp.Error error) {
			throw new IllegalStateException(arguments[0] + " failed: " + error.message());
		}
		return reply;
	}

	/**
	 * Sends a command and returns its reply as text (bulk and simple strings), or {@code null}.
	 * @param arguments the command and its arguments
	 * @return the reply text
	 */
	public @Nullable String string(Object... arguments) {
		Object reply = require(arguments);
		return (reply instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
				: (reply != null) ? reply.toString() : null;
	}

	/**
	 * Sends a command whose reply is an integer.
	 * @param arguments the command and its arguments
	 * @return the integer
	 */
	public long integer(Object... arguments) {
		Object reply = require(arguments);
		if (reply instanceof Long value) {
			return value;
		}
		throw new IllegalStateException(arguments[0] + " replied " + reply + ", not an integer");
	}

	/**
	 * How many times the server ran each command since its statistics were last reset ({@code INFO commandstats},
	 * {@code CONFIG RESETSTAT}), for tests that count the commands a cache sends.
	 * @return calls by lower-case command name ({@code get}, {@code evalsha_ro}, {@code client|setname})
	 */
	public Map<String, Long> commandCalls() {
		Map<String, Long> calls = new TreeMap<>();
		COMMAND_CALLS.matcher(Objects.requireNonNull(string("INFO", "commandstats")))
			.results()
			.forEach((match) -> calls.put(match.group(1), Long.parseLong(match.group(2))));
		return calls;
	}

	/**
	 * How many times the server ran any of the given commands since its statistics were last reset.
	 * @param commands lower-case command names
	 * @return their calls together
	 */
	public long commandCalls(String... commands) {
		Map<String, Long> calls = commandCalls();
		return Arrays.stream(commands).mapToLong((command) -> calls.getOrDefault(command, 0L)).sum();
	}

	/**
	 * Reads the next reply without sending anything, for pushed messages (pub/sub, tracking).
	 * @return the decoded reply
	 */
	public @Nullable Object readPushed() {
		try {
			return Resp.readReply(this.in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether the server has closed the connection: a read sees the end of the stream.
	 * @return {@code true} once the peer has closed
	 */
	public boolean isClosedByServer() {
		try {
			int previous = this.socket.getSoTimeout();
			this.socket.setSoTimeout(50);
			try {
				this.in.mark(1);
				int read = this.in.read();
				this.in.reset();
				return read == -1;
			}
			catch (java.net.SocketTimeoutException ex) {
				return false;
			}
			finally {
				this.socket.setSoTimeout(previous);
			}
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Nothing to do: the socket is gone either way.
		}
	}

}
