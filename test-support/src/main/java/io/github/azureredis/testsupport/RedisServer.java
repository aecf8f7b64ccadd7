package io.github.azureredis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} process on a free loopback port, optionally TLS-only and password-protected, optionally
 * a stand-in for Azure Cache for Redis 6.0 ({@link AzureCacheForRedis6}). It can be stopped, killed, paused and
 * started again on the same port, to test how clients live through it.
 */
public final class RedisServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisServer.class);

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final int port;

	private final @Nullable TestCertificates certificates;

	private final @Nullable String password;

	private final List<String> extraArguments;

	private final @Nullable List<String> sentinelConfig;
	private final boolean azureCacheForRedis6;

	private final Path directory;

	private @Nullable Process process;

	private RedisServer(Builder builder) {
		this.port = (builder.port != 0) ? builder.port : FreePorts.find();
		this.certificates = builder.certificates;
		this.password = builder.password;
		this.extraArguments = List.copyOf(builder.extraArguments);
		this.sentinelConfig = (builder.sentinelConfig != null) ? List.copyOf(builder.sentinelConfig) : null;
		this.azureCacheForRedis6 = builder.azureCacheForRedis6;
		try {
			this.directory = Files.createTempDirectory("redis-" + this.port + "-");
			if (this.sentinelConfig != null) {
				// Sentinel rewrites its configuration file with what it learns (replicas, other sentinels, epochs).
				Files.write(sentinelConfigFile(), this.sentinelConfig, StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a plain-TCP server with no password on a free port.
	 * @return the running server
	 */
	public static RedisServer start() {
		return builder().start();
	}

	/** @return a builder for a server with options */
	public static Builder builder() {
		return new Builder();
	}

	/** @return the loopback address the server listens on */
	public String host() {
		return "127.0.0.1";
	}

	/** @return the port: the TLS port for a TLS server, else the plain one */
	public int port() {
		return this.port;
	}

	/** @return whether the process is a sentinel ({@code redis-server <config> --sentinel}) */
	public boolean isSentinel() {
		return this.sentinelConfig != null;
	}

	private Path sentinelConfigFile() {
		return this.directory.resolve("sentinel.conf");
	}

	/** @return whether the server accepts only TLS */
	public boolean isTls() {
		return this.certificates != null;
	}

	/** @return {@code redis://} or {@code rediss://} URL of the server, without credentials */
	public String url() {
		return (isTls() ? "rediss://localhost:" : "redis://127.0.0.1:") + this.port;
	}

	/** @return whether it is a stand-in for Azure Cache for Redis 6.0 ({@link AzureCacheForRedis6}) */
	public boolean isAzureCacheForRedis6() {
		return this.azureCacheForRedis6;
	}

	/** @return the server's log file */
	public Path logFile() {
		return this.directory.resolve("redis.log");
	}

	/** @return the working directory of the server (its {@code dir}) */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Starts the process (again) on the same port and waits until it accepts connections.
	 * @return this server
	 */
	public synchronized RedisServer startProcess() {
		if (this.process != null && this.process.isAlive()) {
			return this;
		}
		List<String> command = new ArrayList<>();
		command.add(RedisServerBinary.get().toString());
		if (isSentinel()) {
			command.addAll(List.of(sentinelConfigFile().toString(), "--sentinel"));
		}
		command.addAll(List.of("--bind", "127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "no",
				"--dir", this.directory.toString(), "--logfile", logFile().toString(), "--daemonize", "no"));
		if (this.certificates != null) {
			command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(this.port), "--tls-cert-file",
					this.certificates.serverCertificatePath().toString(), "--tls-key-file",
					this.certificates.serverKeyPath().toString(), "--tls-ca-cert-file",
					this.certificates.caCertificatePath().toString(), "--tls-auth-clients", "no"));
		}
		else {
			command.addAll(List.of("--port", Integer.toString(this.port)));
		}
		if (this.password != null) {
			command.addAll(List.of("--requirepass", this.password));
		}
		if (this.azureCacheForRedis6) {
			command.addAll(AzureCacheForRedis6.arguments(RedisServerBinary.get()));
		}
		command.addAll(this.extraArguments);
		try {
			int logLinesBefore = countLogLines();
			this.process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("stdout.log").toFile())
				.start();
			awaitReady(logLinesBefore);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start redis-server: " + command, ex);
		}
		logger.debug("redis-server started on port {}{}", this.port, isTls() ? " (TLS)" : "");
		return this;
	}

	private void awaitReady(int logLinesBefore) throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			Process current = this.process;
			if (current == null || !current.isAlive()) {
				throw new IllegalStateException("redis-server exited during start-up:\n" + tail());
			}
			if (Files.exists(logFile())) {
				try (Stream<String> lines = Files.lines(logFile(), StandardCharsets.UTF_8)) {
					// A sentinel does not say it is ready; it says who it is once it listens.
					String ready = isSentinel() ? "Sentinel ID is" : "Ready to accept connections";
					if (lines.skip(logLinesBefore).anyMatch((line) -> line.contains(ready))) {
						return;
					}
				}
			}
			sleep(Duration.ofMillis(20));
		}
		throw new IllegalStateException("redis-server did not become ready within " + START_TIMEOUT + ":\n" + tail());
	}

	private int countLogLines() throws IOException {
		if (!Files.exists(logFile())) {
			return 0;
		}
		try (Stream<String> lines = Files.lines(logFile(), StandardCharsets.UTF_8)) {
			return (int) lines.count();
		}
	}

	private String tail() {
		try {
			StringBuilder text = new StringBuilder();
			for (Path file : List.of(this.directory.resolve("stdout.log"), logFile())) {
				if (Files.exists(file)) {
					List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
					lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach((l) -> text.append(l).append('\n'));
				}
			}
			return text.toString();
		}
		catch (IOException ex) {
			return "(log not readable: " + ex.getMessage() + ")";
		}
	}

	/** Stops the process gracefully (SIGTERM) and waits for it to exit. */
	public synchronized void stop() {
		Process current = this.process;
		if (current != null) {
			current.destroy();
			awaitExit(current);
			this.process = null;
		}
	}

	/** Kills the process (SIGKILL), as a crash would. */
	public synchronized void kill() {
		Process current = this.process;
		if (current != null) {
			current.destroyForcibly();
			awaitExit(current);
			this.process = null;
		}
	}

	/** Freezes the process (SIGSTOP): connections stay open but nothing is answered. */
	public void pause() {
		signal("-STOP");
	}

	/** Thaws a paused process (SIGCONT). */
	public void resume() {
		signal("-CONT");
	}

	/** @return the process id of the running redis-server, for another process to signal it */
	public synchronized long pid() {
		Process current = this.process;
		if (current == null) {
			throw new IllegalStateException("redis-server on port " + this.port + " is not running");
		}
		return current.pid();
	}

	/** @return whether the process is running */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	private synchronized void signal(String signal) {
		Process current = this.process;
		if (current == null) {
			throw new IllegalStateException("redis-server on port " + this.port + " is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(current.pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill " + signal + " failed for pid " + current.pid());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitExit(Process process) {
		try {
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Opens a raw connection to the server, over TLS if it is a TLS server, authenticated if it has a password. On a
	 * stand-in for Azure Cache for Redis, it sends the commands Azure blocks under their secret names.
	 * @return a connected client
	 */
	public RespClient client() {
		RespClient client = (this.certificates != null)
				? RespClient.connectTls("localhost", this.port, this.certificates.clientContext())
				: RespClient.connect(host(), this.port);
		if (this.azureCacheForRedis6) {
			client.renaming(AzureCacheForRedis6.harnessNames());
		}
		if (this.password != null) {
			client.require("AUTH", this.password);
		}
		return client;
	}

	/** Stops the server and deletes its files. */
	@Override
	public void close() {
		kill();
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary directory is harmless.
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "RedisServer[" + url() + "]";
	}

	/** Options of a server to start. */
	public static final class Builder {

		private int port;

		private @Nullable TestCertificates certificates;

		private @Nullable String password;

		private final List<String> extraArguments = new ArrayList<>();

		private @Nullable List<String> sentinelConfig;
		private boolean azureCacheForRedis6 = AzureCacheForRedis6.byDefault();

		private Builder() {
		}

		/**
		 * Replicates the given server ({@code replicaof}).
		 * @param master the server to replicate
		 * @return this builder
		 */
		public Builder replicaOf(RedisServer master) {
			return config("replicaof", master.host(), Integer.toString(master.port()));
		}

		/**
		 * Runs a sentinel ({@code redis-server <config> --sentinel}) instead of a data server, watching a master: it
		 * is declared down after {@code downAfter} without answer, and failed over when {@code quorum} sentinels
		 * agree.
		 * @param masterName the name clients ask the sentinel for
		 * @param master the master to watch
		 * @param quorum how many sentinels must agree that the master is down
		 * @param downAfter how long the master may not answer before it is considered down
		 * @param masterPassword the password of the master and its replicas, or {@code null}
		 * @return this builder
		 */
		public Builder sentinel(String masterName, RedisServer master, int quorum, Duration downAfter,
				@Nullable String masterPassword) {
			List<String> config = new ArrayList<>(List.of(
					"sentinel monitor " + masterName + " " + master.host() + " " + master.port() + " " + quorum,
					"sentinel down-after-milliseconds " + masterName + " " + downAfter.toMillis(),
					"sentinel failover-timeout " + masterName + " " + downAfter.multipliedBy(5).toMillis(),
					"sentinel parallel-syncs " + masterName + " 1"));
			if (masterPassword != null) {
				config.add("sentinel auth-pass " + masterName + " " + masterPassword);
			}
			this.sentinelConfig = config;
			return this;
		}

		/**
		 * Listens on the given port instead of a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Accepts only TLS, presenting the server certificate of the given certificates.
		 * @param certificates the certificates
		 * @return this builder
		 */
		public Builder tls(TestCertificates certificates) {
			this.certificates = certificates;
			return this;
		}

		/**
		 * Requires a password for the default user ({@code requirepass}).
		 * @param password the password
		 * @return this builder
		 */
		public Builder password(String password) {
			this.password = password;
			return this;
		}

		/**
		 * Adds a configuration directive, as {@code --name value...} on the command line.
		 * @param name the directive
		 * @param values its values
		 * @return this builder
		 */
		public Builder config(String name, String... values) {
			this.extraArguments.add("--" + name);
			this.extraArguments.addAll(List.of(values));
			return this;
		}

		/**
		 * Makes the server a stand-in for Azure Cache for Redis 6.0, or not ({@link AzureCacheForRedis6}). By default it
		 * is one when {@value AzureCacheForRedis6#SWITCH}{@code =}{@value AzureCacheForRedis6#SWITCH_VALUE}.
		 * @param standIn whether it is one
		 * @return this builder
		 */
		public Builder azureCacheForRedis6(boolean standIn) {
			this.azureCacheForRedis6 = standIn;
			return this;
		}

		/**
		 * Creates the server and starts its process.
		 * @return the running server
		 */
		public RedisServer start() {
			return new RedisServer(this).startProcess();
		}

	}

}
