package io.github.azureredis.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The Redis serialization protocol (RESP2 and the RESP3 reply types), as far as tests need it.
 * <p>
 * Replies decode to {@link String} (simple strings), {@link Error}, {@link Long}, {@code byte[]} (bulk strings),
 * {@link List} (arrays, sets, pushes), {@link Map}, {@link Boolean}, {@link Double} or {@code null}.
 */
public final class Resp {

	private Resp() {
	}

	/** An error reply. */
	public record Error(String message) {

		@Override
		public String toString() {
			return "-" + this.message;
		}

	}

	/**
	 * Writes a command as an array of bulk strings.
	 * @param out the stream
	 * @param arguments the command name and its arguments
	 * @throws IOException on a write failure
	 */
	public static void writeCommand(OutputStream out, List<byte[]> arguments) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
		buffer.write(('*' + Integer.toString(arguments.size()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
		for (byte[] argument : arguments) {
			buffer.write(('$' + Integer.toString(argument.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
			buffer.write(argument);
			buffer.write('\r');
			buffer.write('\n');
		}
		buffer.writeTo(out);
	}

	/**
	 * Reads one command sent by a client: an array of bulk strings, or an inline command.
	 * @param in the stream
	 * @return the arguments, or {@code null} at the end of the stream
	 * @throws IOException on a read failure or a protocol error
	 */
	public static @Nullable List<byte[]> readCommand(InputStream in) throws IOException {
		int type = in.read();
		if (type == -1) {
			return null;
		}
		if (type != '*') {
			// Inline command, as typed into telnet: space-separated words on one line.
			String line = (char) type + readLine(in);
			List<byte[]> arguments = new ArrayList<>();
			for (String word : line.trim().split("\\s+")) {
				if (!word.isEmpty()) {
					arguments.add(word.getBytes(StandardCharsets.UTF_8));
				}
			}
			return arguments;
		}
		int count = Integer.parseInt(readLine(in));
		List<byte[]> arguments = new ArrayList<>(Math.max(count, 0));
		for (int i = 0; i < count; i++) {
			if (in.read() != '$') {
				throw new IOException("Protocol error: expected a bulk string in a command");
			}
			arguments.add(readBulk(in, Integer.parseInt(readLine(in))));
		}
		return arguments;
	}

	/**
	 * Reads one reply.
	 * @param in the stream
	 * @return the decoded reply
	 * @throws IOException on a read failure or a protocol error
	 */
	public static @Nullable Object readReply(InputStream in) throws IOException {
		int type = in.read();
		if (type == -1) {
			throw new EOFException("Connection closed by the server");
		}
		String line = readLine(in);
		switch (type) {
			case '+':
				return line;
			case '-':
				return new Error(line);
			case ':':
				return Long.parseLong(line);
			case '$':
			case '=': {
				int length = Integer.parseInt(line);
				return (length < 0) ? null : readBulk(in, length);
			}
			case '*':
			case '~':
			case '>': {
				int count = Integer.parseInt(line);
				if (count < 0) {
					return null;
				}
				List<@Nullable Object> items = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					items.add(readReply(in));
				}
				return items;
			}
			case '%': {
				int count = Integer.parseInt(line);
				Map<@Nullable Object, @Nullable Object> map = new LinkedHashMap<>();
				for (int i = 0; i < count; i++) {
					Object key = readReply(in);
					map.put((key instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : key, readReply(in));
				}
				return map;
			}
			case '_':
				return null;
			case '#':
				return line.equals("t");
			case ',':
				return Double.parseDouble(line);
			case '(':
				return new java.math.BigInteger(line);
			default:
				throw new IOException("Protocol error: unknown reply type '" + (char) type + "'");
		}
	}

	private static byte[] readBulk(InputStream in, int length) throws IOException {
		byte[] data = in.readNBytes(length);
		if (data.length != length || in.read() != '\r' || in.read() != '\n') {
			throw new EOFException("Truncated bulk string");
		}
		return data;
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		while (true) {
			int c = in.read();
			if (c == -1) {
				throw new EOFException("Connection closed in the middle of a line");
			}
			if (c == '\r') {
				if (in.read() != '\n') {
					throw new IOException("Protocol error: CR without LF");
				}
				return line.toString();
			}
			line.append((char) c);
		}
	}

}
