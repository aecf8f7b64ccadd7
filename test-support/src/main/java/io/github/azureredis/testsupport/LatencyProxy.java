package io.github.azureredis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy that delays every chunk of data by a fixed one-way latency in each direction, keeping pipelined
 * traffic pipelined. It stands in for the network between an application and Azure Redis (about 0.5 to 1 ms round
 * trip in one region) where {@code tc netem} is not available. Optionally each connection's replies pass at a
 * bounded rate, as over a link of that bandwidth per connection: a large reply then takes a known time to arrive.
 */
public final class LatencyProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final String targetHost;

	private final int targetPort;

	private final long delayNanos;

	private final long bytesPerSecondToClient;

	private final AtomicLong bytesToClients = new AtomicLong();

	private volatile boolean closed;

	/**
	 * Starts a proxy on a free loopback port.
	 * @param targetHost where to forward
	 * @param targetPort the target's port
	 * @param oneWayDelay the delay added in each direction
	 */
	public LatencyProxy(String targetHost, int targetPort, Duration oneWayDelay) {
		this(targetHost, targetPort, oneWayDelay, 0);
	}

	/**
	 * Starts a proxy on a free loopback port whose connections each pass replies at a bounded rate.
	 * @param targetHost where to forward
	 * @param targetPort the target's port
	 * @param oneWayDelay the delay added in each direction
	 * @param bytesPerSecondToClient the rate of each connection's replies; 0 for no bound
	 */
	public LatencyProxy(String targetHost, int targetPort, Duration oneWayDelay, long bytesPerSecondToClient) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.delayNanos = oneWayDelay.toNanos();
		this.bytesPerSecondToClient = bytesPerSecondToClient;
		try {
			this.serverSocket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon(this::accept, "latency-proxy-accept").start();
	}

	/** @return the proxy's port */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/** @return the bytes passed on to clients so far, over all connections */
	public long bytesToClients() {
		return this.bytesToClients.get();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.serverSocket.accept();
				Socket target = new Socket();
				target.connect(new InetSocketAddress(this.targetHost, this.targetPort), 5000);
				client.setTcpNoDelay(true);
				target.setTcpNoDelay(true);
				pipe(client, target, 0, null);
				pipe(target, client, this.bytesPerSecondToClient, this.bytesToClients);
			}
			catch (IOException ex) {
				// Closed, or the target refused: the client sees its connection drop.
			}
		}
	}

	private void pipe(Socket from, Socket to, long bytesPerSecond, @Nullable AtomicLong passed) throws IOException {
		DelayQueue<Chunk> queue = new DelayQueue<>();
		InputStream in = from.getInputStream();
		OutputStream out = to.getOutputStream();
		daemon(() -> {
			byte[] buffer = new byte[64 * 1024];
			try {
				int read;
				while ((read = in.read(buffer)) != -1) {
					queue.add(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + this.delayNanos));
				}
			}
			catch (IOException ex) {
				// Connection closed.
			}
			queue.add(new Chunk(null, System.nanoTime() + this.delayNanos));
		}, "latency-proxy-read").start();
		daemon(() -> {
			try {
				long linkFreeAt = System.nanoTime();
				while (true) {
					Chunk chunk = queue.take();
					if (chunk.data == null) {
						break;
					}
					if (bytesPerSecond > 0) {
						// The link is busy with the chunks before until linkFreeAt; this one takes its own time.
						linkFreeAt = Math.max(linkFreeAt, System.nanoTime())
								+ chunk.data.length * 1_000_000_000L / bytesPerSecond;
						TimeUnit.NANOSECONDS.sleep(linkFreeAt - System.nanoTime());
					}
					out.write(chunk.data);
					if (passed != null) {
						passed.addAndGet(chunk.data.length);
					}
					if (queue.peek() == null || queue.peek().getDelay(TimeUnit.NANOSECONDS) > 0) {
						out.flush();
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// Connection closed.
			}
			closeQuietly(from);
			closeQuietly(to);
		}, "latency-proxy-write").start();
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.serverSocket);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing anyway.
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	private record Chunk(byte @Nullable [] data, long due) implements Delayed {

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(this.due - System.nanoTime(), TimeUnit.NANOSECONDS);
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(this.due, ((Chunk) other).due);
		}

	}

}
