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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.net.ssl.SSLServerSocket;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis that behaves as Azure Redis with Microsoft Entra ID authentication: a real {@code redis-server} behind a
 * TLS, RESP-aware proxy that
 * <ul>
 * <li>accepts {@code AUTH <user> <token>} (and {@code HELLO ... AUTH}) only for tokens signed by its
 * {@link FakeEntraId}, unexpired, whose {@code oid} equals the user name, and answers {@code WRONGPASS} otherwise;</li>
 * <li>closes a connection when the token it last authenticated with expires, counting those closes;</li>
 * <li>accepts a newer token on an open connection (re-authentication), except on a RESP2 connection in subscribed
 * state, where Redis refuses {@code AUTH} ("only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed
 * in this context"): such a connection keeps its old expiry ({@link #refusedWhileSubscribed()});</li>
 * <li>refuses identities whose access was {@link #revokeAccess revoked} with {@code WRONGPASS}, as Azure does once
 * the identity's access policy assignment is removed;</li>
 * <li>refuses {@code CLUSTER MYID}, which Azure lacks;</li>
 * <li>publishes maintenance notifications on {@code AzureRedisEvents} and performs the maintenance they announce
 * ({@link #performMaintenance}): the node stalls, drops its connections and comes back.</li>
 * </ul>
 * The proxy never answers a command itself: it rewrites {@code AUTH} into a command the backend answers the same
 * way, so replies stay in order for pipelining clients. Unauthenticated commands get the backend's {@code NOAUTH}.
 */
public final class AzureLikeRedis implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(AzureLikeRedis.class);

	private static final String ADMIN_USER = "azure-admin";

	private static final String REJECTED_USER = "rejected-by-entra-id";

	private static final String MAINTENANCE_CHANNEL = "AzureRedisEvents";

	private static final java.time.Duration START_NOTICE = java.time.Duration.ofMillis(300);

	private final FakeEntraId issuer;

	/** Where each new connection goes: one redis-server, or for a cluster endpoint whichever node is up. */
	private final Supplier<RedisServer> backends;

	private final String adminPassword;

	private final ServerSocket serverSocket;

	private final List<Connection> connections = new CopyOnWriteArrayList<>();

	private final AtomicInteger acceptedAuthentications = new AtomicInteger();

	private final AtomicInteger rejectedAuthentications = new AtomicInteger();

	private final AtomicInteger closedForExpiry = new AtomicInteger();

	private final AtomicInteger refusedWhileSubscribed = new AtomicInteger();

	private final java.util.Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService expiryEnforcer;

	private final Object pauseLock = new Object();

	private volatile boolean paused;

	private volatile java.time.Duration authenticationDelay = java.time.Duration.ZERO;

	private volatile boolean closed;

	private final boolean ownsBackend;

	private AzureLikeRedis(FakeEntraId issuer, TestCertificates certificates, Supplier<RedisServer> backends,
			String adminPassword, int port, boolean ownsBackend) throws IOException {
		this.issuer = issuer;
		this.adminPassword = adminPassword;
		this.backends = backends;
		this.ownsBackend = ownsBackend;
		SSLServerSocket socket = (SSLServerSocket) certificates.serverContext()
			.getServerSocketFactory()
			.createServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), (port != 0) ? port : FreePorts.find()), 200);
		this.serverSocket = socket;
		this.expiryEnforcer = Executors.newSingleThreadScheduledExecutor((runnable) -> daemon(runnable,
				"azure-like-redis-expiry-" + port()));
		this.expiryEnforcer.scheduleWithFixedDelay(this::closeExpiredConnections, 20, 20, TimeUnit.MILLISECONDS);
		daemon(this::acceptConnections, "azure-like-redis-accept-" + port()).start();
	}

	/**
	 * Writes the ACL file of an Azure-like Redis: an administrator (also for replication), the default user disabled,
	 * and a password-less user per identity, which the proxy lets in only with a valid token.
	 * @param adminPassword the administrator's password
	 * @param objectIds identities that have access to the cache
	 * @return the file
	 */
	public static Path aclFile(String adminPassword, List<String> objectIds) {
		try {
			Path aclFile = Files.createTempFile("azure-like-redis-", ".acl");
			// redis-server reads it at start-up and on ACL LOAD only; removed when the JVM exits.
			aclFile.toFile().deleteOnExit();
			List<String> acl = new ArrayList<>();
			acl.add("user " + ADMIN_USER + " on >" + adminPassword + " ~* &* +@all");
			acl.add("user default off");
			for (String objectId : objectIds) {
				acl.add("user " + objectId + " on nopass ~* &* +@all");
			}
			Files.write(aclFile, acl, StandardCharsets.UTF_8);
			return aclFile;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the administrator user of the backends */
	public static String adminUser() {
		return ADMIN_USER;
	}

	/**
	 * Starts only the TLS proxy, in front of a redis-server that uses an {@link #aclFile ACL file} with the given
	 * administrator password; closing the proxy leaves the backend running.
	 * @param issuer the issuer whose tokens are accepted
	 * @param certificates the certificates the proxy presents
	 * @param backend the redis-server
	 * @param adminPassword the administrator's password of the backend
	 * @param port the proxy's port, 0 for a free one
	 * @return the running proxy
	 */
	public static AzureLikeRedis proxy(FakeEntraId issuer, TestCertificates certificates, RedisServer backend,
			String adminPassword, int port) {
		try {
			return new AzureLikeRedis(issuer, certificates, () -> backend, adminPassword, port, false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a TLS proxy that sends each new connection to whichever redis-server the given supplier names, as the
	 * single endpoint of Azure Managed Redis (OSS clustering policy) answers from any node that is up.
	 * @param issuer the issuer whose tokens are accepted
	 * @param certificates the certificates the proxy presents
	 * @param backends chooses the redis-server of each new connection
	 * @param adminPassword the administrator's password of the backends
	 * @return the running proxy
	 */
	public static AzureLikeRedis endpoint(FakeEntraId issuer, TestCertificates certificates,
			Supplier<RedisServer> backends, String adminPassword) {
		try {
			return new AzureLikeRedis(issuer, certificates, backends, adminPassword, 0, false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts a backend {@code redis-server} and the TLS proxy in front of it.
	 * @param issuer the issuer whose tokens are accepted
	 * @param certificates the certificates the proxy presents
	 * @param objectIds identities that have access to the cache
	 * @return the running server
	 */
	public static AzureLikeRedis start(FakeEntraId issuer, TestCertificates certificates, String... objectIds) {
		String adminPassword = UUID.randomUUID().toString();
		RedisServer backend = RedisServer.builder()
			.config("aclfile", aclFile(adminPassword, List.of(objectIds)).toString())
			.start();
		try {
			return new AzureLikeRedis(issuer, certificates, () -> backend, adminPassword, 0, true);
		}
		catch (IOException ex) {
			backend.close();
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the host name clients connect to (the server certificate names it) */
	public String host() {
		return "localhost";
	}

	/** @return the TLS port of the proxy */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/** @return the redis-server behind the proxy (for an {@link #endpoint}: the one new connections go to now) */
	public RedisServer backend() {
		return this.backends.get();
	}

	/**
	 * Opens an administrative connection straight to the backend, bypassing the proxy.
	 * @return an authenticated client
	 */
	public RespClient adminClient() {
		RespClient client = backend().client();
		client.require("AUTH", ADMIN_USER, this.adminPassword);
		return client;
	}

	/** @return successful {@code AUTH}/{@code HELLO AUTH} commands, first ones and renewals */
	public int acceptedAuthentications() {
		return this.acceptedAuthentications.get();
	}

	/** @return refused authentications (bad, expired or foreign tokens) */
	public int rejectedAuthentications() {
		return this.rejectedAuthentications.get();
	}

	/** @return connections closed because their token expired */
	public int closedForExpiry() {
		return this.closedForExpiry.get();
	}

	/**
	 * {@code AUTH} (or {@code HELLO ... AUTH}) commands sent on a RESP2 connection in subscribed state: the backend
	 * refuses them as Redis does, and the connection keeps the expiry of its earlier token.
	 * @return how many were refused
	 */
	public int refusedWhileSubscribed() {
		return this.refusedWhileSubscribed.get();
	}

	/**
	 * Removes an identity's access, as removing its access policy assignment on Azure does: its next {@code AUTH},
	 * on a new connection or as a renewal on an open one, gets {@code WRONGPASS}. Open connections are left as they
	 * are until then (disabled in the backend's ACL, which keeps authenticated connections).
	 * @param objectId the identity
	 */
	public void revokeAccess(String objectId) {
		this.revoked.add(objectId);
		try (RespClient client = adminClient()) {
			client.require("ACL", "SETUSER", objectId, "off");
		}
	}

	/**
	 * Gives a {@link #revokeAccess revoked} identity its access back.
	 * @param objectId the identity
	 */
	public void restoreAccess(String objectId) {
		try (RespClient client = adminClient()) {
			client.require("ACL", "SETUSER", objectId, "on");
		}
		this.revoked.remove(objectId);
	}

	/** @return successful authentications on connections that were already authenticated */
	public int reauthentications() {
		return this.connections.stream().mapToInt((c) -> Math.max(0, c.authentications.get() - 1)).sum();
	}

	/** @return a snapshot of every connection accepted so far */
	public List<ConnectionInfo> connections() {
		return this.connections.stream().map(Connection::info).toList();
	}

	/** @return connections open now */
	public long openConnections() {
		return this.connections.stream().filter((c) -> c.closedAt == null).count();
	}

	/**
	 * Holds every {@code AUTH} (and {@code HELLO ... AUTH}) this long before the backend sees it, and with it the
	 * commands behind it on its connection: Azure validates a token, which a plain password check does not, and a
	 * longer authentication widens whatever a client leaves open while it re-authenticates.
	 * @param delay the delay, zero for none
	 */
	public void delayAuthentication(java.time.Duration delay) {
		this.authenticationDelay = delay;
	}

	/** Stops forwarding in both directions while keeping every socket open, as a stalled server would. */
	public void pause() {
		this.paused = true;
	}

	/** Resumes forwarding after {@link #pause()}. */
	public void resume() {
		synchronized (this.pauseLock) {
			this.paused = false;
			this.pauseLock.notifyAll();
		}
	}

	/** Closes every client connection, as a server restart or maintenance would. */
	public void closeAllConnections() {
		this.connections.forEach((connection) -> connection.close(false));
	}

	/**
	 * Publishes a message on the {@code AzureRedisEvents} channel of every backend that serves a connection now, and of
	 * the one new connections go to, as every node of Azure Cache for Redis does.
	 * @param message the message
	 * @return how many subscribers received it
	 */
	public long publish(String message) {
		Map<Integer, RedisServer> backends = new java.util.LinkedHashMap<>();
		RedisServer current = backend();
		backends.put(current.port(), current);
		for (Connection connection : this.connections) {
			if (connection.closedAt == null) {
				backends.putIfAbsent(connection.backend.port(), connection.backend);
			}
		}
		long receivers = 0;
		for (RedisServer backend : backends.values()) {
			try (RespClient client = backend.client()) {
				client.require("AUTH", ADMIN_USER, this.adminPassword);
				receivers += client.integer("PUBLISH", MAINTENANCE_CHANNEL, message);
			}
		}
		return receivers;
	}

	/**
	 * A maintenance notification as Azure Cache for Redis writes it.
	 * @param type e.g. {@code NodeMaintenanceStarting}
	 * @param startTime when the maintenance starts, or {@code null} (the types that have none)
	 * @param replica whether the node is a replica
	 * @param ipAddress the node's address
	 * @param sslPort the node's TLS port
	 * @param nonSslPort the node's plain port
	 * @return the message
	 */
	public static String notification(String type, @Nullable Instant startTime, boolean replica, String ipAddress,
			int sslPort, int nonSslPort) {
		StringBuilder message = new StringBuilder("NotificationType|").append(type);
		if (startTime != null) {
			// UTC without an offset, to the second, as Azure sends it.
			message.append("|StartTimeInUTC|")
				.append(java.time.LocalDateTime.ofInstant(startTime, java.time.ZoneOffset.UTC)
					.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
		}
		return message.append("|IsReplica|")
			.append(replica ? "True" : "False")
			.append("|IPAddress|")
			.append(ipAddress)
			.append("|SSLPort|")
			.append(sslPort)
			.append("|NonSSLPort|")
			.append(nonSslPort)
			.toString();
	}

	/**
	 * Announces a maintenance of the primary as Azure Cache for Redis does and performs it: {@code NodeMaintenanceStarting}
	 * (start time {@code notice} ahead), {@code NodeMaintenanceStart} when it is due; 0.3 s later the node stops answering
	 * with every socket open for {@code stall}, closes every connection and answers again;
	 * {@code NodeMaintenanceFailoverComplete} once a client has subscribed again (at most 10 s), and
	 * {@code NodeMaintenanceEnded} {@code endDelay} later, again once a client is subscribed.
	 * @param notice time between {@code NodeMaintenanceStarting} and {@code NodeMaintenanceStart}
	 * @param stall how long the node stops answering
	 * @param endDelay time between {@code NodeMaintenanceFailoverComplete} and {@code NodeMaintenanceEnded}
	 * @return what happened, when
	 */
	public Maintenance performMaintenance(java.time.Duration notice, java.time.Duration stall,
			java.time.Duration endDelay) {
		List<Maintenance.Step> steps = new ArrayList<>();
		String address = InetAddress.getLoopbackAddress().getHostAddress();
		int nonSslPort = backend().port();
		Instant startTime = Instant.now().plus(notice);
		long subscribers = announce(steps, notification("NodeMaintenanceStarting", startTime, false, address, port(),
				nonSslPort));
		sleep(notice);
		announce(steps, notification("NodeMaintenanceStart", null, false, address, port(), nonSslPort));
		// Azure sends it when the maintenance is imminent, not as the node stops: it must reach the subscribers first.
		sleep(START_NOTICE);
		pause();
		Instant stalledAt = Instant.now();
		steps.add(new Maintenance.Step(stalledAt, "node stops answering, sockets open"));
		sleep(stall);
		closeAllConnections();
		resume();
		Instant resumedAt = Instant.now();
		steps.add(new Maintenance.Step(resumedAt, "node closes every connection and answers again"));
		if (subscribers > 0) {
			awaitSubscribers();
		}
		announce(steps, notification("NodeMaintenanceFailoverComplete", null, false, address, port(), nonSslPort));
		sleep(endDelay);
		if (subscribers > 0) {
			// A client may be resubscribing (it reconnects after a failover): Azure sends this minutes later.
			awaitSubscribers();
		}
		announce(steps, notification("NodeMaintenanceEnded", Instant.now(), false, address, port(), nonSslPort));
		return new Maintenance(stalledAt, resumedAt, List.copyOf(steps));
	}

	private long announce(List<Maintenance.Step> steps, String message) {
		long receivers = publish(message);
		steps.add(new Maintenance.Step(Instant.now(), "published " + message + " (" + receivers + " subscribers)"));
		return receivers;
	}

	private void awaitSubscribers() {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < deadline) {
			try (RespClient client = adminClient()) {
				Object reply = client.call("PUBSUB", "NUMSUB", MAINTENANCE_CHANNEL);
				if (reply instanceof List<?> list && list.size() == 2 && list.get(1) instanceof Long count
						&& count > 0) {
					return;
				}
			}
			sleep(java.time.Duration.ofMillis(20));
		}
	}

	private static void sleep(java.time.Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A maintenance the server performed.
	 *
	 * @param stalledAt when the node stopped answering
	 * @param resumedAt when it closed its connections and answered again
	 * @param steps what happened, in order
	 */
	public record Maintenance(Instant stalledAt, Instant resumedAt, List<Step> steps) {

		/**
		 * One step.
		 *
		 * @param at when
		 * @param what what happened
		 */
		public record Step(Instant at, String what) {
		}

	}

	@Override
	public void close() {
		this.closed = true;
		resume();
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		this.expiryEnforcer.shutdownNow();
		closeAllConnections();
		if (this.ownsBackend) {
			backend().close();
		}
	}

	private void acceptConnections() {
		AtomicInteger ids = new AtomicInteger();
		while (!this.closed) {
			try {
				Socket client = this.serverSocket.accept();
				client.setTcpNoDelay(true);
				Socket backendSocket = new Socket();
				RedisServer backend = backend();
				try {
					backendSocket.connect(new InetSocketAddress(backend.host(), backend.port()), 5000);
				}
				catch (IOException ex) {
					// Backend down: refuse the client at once, as a server that is down would, rather than leave
					// it waiting for its connect timeout.
					Connection.closeQuietly(client);
					Connection.closeQuietly(backendSocket);
					throw ex;
				}
				backendSocket.setTcpNoDelay(true);
				Connection connection = new Connection(ids.incrementAndGet(), client, backendSocket, backend);
				this.connections.add(connection);
				connection.start();
			}
			catch (IOException ex) {
				if (!this.closed) {
					logger.debug("Proxy accept failed: {}", ex.toString());
				}
			}
		}
	}

	// The issuer's clock: a test that moves the issuer's time moves token expiry here with it.
	private Instant now() {
		return this.issuer.clock().instant();
	}

	private void closeExpiredConnections() {
		Instant now = now();
		for (Connection connection : this.connections) {
			Instant expiry = connection.authenticatedUntil;
			if (connection.closedAt == null && expiry != null && !now.isBefore(expiry)) {
				this.closedForExpiry.incrementAndGet();
				connection.close(true);
				logger.info("Closed connection {} because its token expired at {}", connection.id, expiry);
			}
		}
	}

	private void awaitNotPaused() throws InterruptedException {
		if (this.paused) {
			synchronized (this.pauseLock) {
				while (this.paused) {
					this.pauseLock.wait();
				}
			}
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * What the proxy saw of one connection.
	 *
	 * @param id sequence number
	 * @param openedAt when the client connected
	 * @param closedAt when it was closed, or {@code null}
	 * @param authenticatedAt when each successful authentication on it happened
	 * @param closedForExpiry whether the proxy closed it because its token expired
	 * @param backendPort the port of the redis-server it was forwarded to
	 */
	public record ConnectionInfo(int id, Instant openedAt, @Nullable Instant closedAt, List<Instant> authenticatedAt,
			boolean closedForExpiry, int backendPort) {

		/** @return successful authentications on this connection */
		public int authentications() {
			return this.authenticatedAt.size();
		}

		/**
		 * Whether the connection was open, authenticated, from before the instant until some time after it.
		 * @param instant the instant
		 * @param after how long after the instant it must have stayed open
		 * @return {@code true} if it was open across the instant
		 */
		public boolean wasOpenAcross(Instant instant, java.time.Duration after) {
			return !this.authenticatedAt.isEmpty() && this.authenticatedAt.get(0).isBefore(instant)
					&& (this.closedAt == null || this.closedAt.isAfter(instant.plus(after)));
		}

		/**
		 * Whether the connection authenticated within the given window.
		 * @param from the start of the window
		 * @param to the end of the window
		 * @return {@code true} if an authentication happened in it
		 */
		public boolean authenticatedBetween(Instant from, Instant to) {
			return this.authenticatedAt.stream().anyMatch((at) -> !at.isBefore(from) && !at.isAfter(to));
		}

	}

	private final class Connection {

		private final int id;

		private final Socket client;

		private final Socket backendSocket;

		private final RedisServer backend;

		private final Instant openedAt = now();

		private final AtomicInteger authentications = new AtomicInteger();

		private final List<Instant> authenticatedAt = new CopyOnWriteArrayList<>();

		private volatile @Nullable Instant authenticatedUntil;

		private volatile @Nullable Instant closedAt;

		private volatile boolean expired;

		/** The channels, patterns and shard channels subscribed to, as the commands forwarded so far leave them. */
		private final java.util.Set<String> subscriptions = new java.util.HashSet<>();

		private boolean resp3;

		Connection(int id, Socket client, Socket backendSocket, RedisServer backend) {
			this.id = id;
			this.client = client;
			this.backendSocket = backendSocket;
			this.backend = backend;
		}

		void start() {
			daemon(this::forwardCommands, "azure-like-redis-" + port() + "-" + this.id + "-up").start();
			daemon(this::forwardReplies, "azure-like-redis-" + port() + "-" + this.id + "-down").start();
		}

		ConnectionInfo info() {
			return new ConnectionInfo(this.id, this.openedAt, this.closedAt, List.copyOf(this.authenticatedAt),
					this.expired, this.backend.port());
		}

		private void forwardCommands() {
			try (InputStream in = new BufferedInputStream(this.client.getInputStream());
					OutputStream out = new BufferedOutputStream(this.backendSocket.getOutputStream())) {
				List<byte[]> command;
				while ((command = Resp.readCommand(in)) != null) {
					java.time.Duration delay = authenticationDelay;
					if (!delay.isZero() && isAuthentication(command)) {
						out.flush();
						Thread.sleep(delay.toMillis());
					}
					List<byte[]> forwarded = withoutMissingSubcommands(authenticate(command));
					trackProtocolState(command);
					awaitNotPaused();
					Resp.writeCommand(out, forwarded);
					if (in.available() == 0) {
						out.flush();
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// The client or the proxy closed the connection.
			}
			finally {
				close(false);
			}
		}

		private void forwardReplies() {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = this.backendSocket.getInputStream();
					OutputStream out = new BufferedOutputStream(this.client.getOutputStream())) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					awaitNotPaused();
					out.write(buffer, 0, read);
					if (in.available() == 0) {
						out.flush();
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// The backend or the proxy closed the connection.
			}
			finally {
				close(false);
			}
		}

		/**
		 * Checks the credentials of {@code AUTH} and {@code HELLO ... AUTH}, and rewrites them for the backend:
		 * a valid token becomes the identity's password-less login, anything else a login the backend refuses
		 * with {@code WRONGPASS}, as Azure does.
		 */
		private List<byte[]> authenticate(List<byte[]> command) {
			if (command.isEmpty()) {
				return command;
			}
			String name = text(command.get(0)).toUpperCase(Locale.ROOT);
			int authIndex = switch (name) {
				case "AUTH" -> 0;
				case "HELLO" -> indexOfAuth(command);
				default -> -1;
			};
			if (authIndex < 0) {
				return command;
			}
			List<byte[]> rewritten = new ArrayList<>(command);
			int userIndex = authIndex + 1;
			if (!this.subscriptions.isEmpty() && !this.resp3) {
				// Redis refuses it in this context, whatever the credentials: the backend answers so, and the
				// connection stays authenticated until its earlier token expires.
				refusedWhileSubscribed.incrementAndGet();
				if (command.size() > userIndex + 1) {
					rewritten.set(userIndex + 1, "x".getBytes(StandardCharsets.UTF_8));
				}
				return rewritten;
			}
			if (name.equals("AUTH") && command.size() == 2) {
				// AUTH <password> alone: Entra ID needs a user name.
				rejectedAuthentications.incrementAndGet();
				rewritten.set(1, REJECTED_USER.getBytes(StandardCharsets.UTF_8));
				rewritten.add("x".getBytes(StandardCharsets.UTF_8));
				return rewritten;
			}
			if (command.size() <= userIndex + 1) {
				return command;
			}
			String user = text(command.get(userIndex));
			if (user.equals(ADMIN_USER)) {
				// Replication between nodes: the backend checks the administrator's password itself.
				return command;
			}
			FakeEntraId.Claims claims = issuer.verify(text(command.get(userIndex + 1)));
			boolean valid = claims != null && user.equals(claims.objectId()) && now().isBefore(claims.expiresAt())
					&& !revoked.contains(user);
			if (valid) {
				acceptedAuthentications.incrementAndGet();
				this.authentications.incrementAndGet();
				this.authenticatedAt.add(now());
				this.authenticatedUntil = claims.expiresAt();
			}
			else {
				rejectedAuthentications.incrementAndGet();
				rewritten.set(userIndex, REJECTED_USER.getBytes(StandardCharsets.UTF_8));
			}
			rewritten.set(userIndex + 1, "x".getBytes(StandardCharsets.UTF_8));
			return rewritten;
		}

		/**
		 * Follows what the backend will make of a command for the connection's state: its subscriptions (in RESP2 a
		 * connection with any is in subscribed state) and its protocol ({@code HELLO 3}, {@code RESET}).
		 */
		private void trackProtocolState(List<byte[]> command) {
			if (command.isEmpty()) {
				return;
			}
			String name = text(command.get(0)).toUpperCase(Locale.ROOT);
			if (!name.endsWith("SUBSCRIBE") && !name.equals("RESET") && !name.equals("HELLO")) {
				// Every other command leaves the state as it is: no work on the path of every GET and SET.
				return;
			}
			List<String> arguments = command.subList(1, command.size()).stream().map(Connection::text).toList();
			switch (name) {
				case "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE" -> {
					char kind = subscriptionKind(name);
					arguments.forEach((argument) -> this.subscriptions.add(kind + argument));
				}
				case "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE" -> {
					char kind = subscriptionKind(name);
					if (arguments.isEmpty()) {
						this.subscriptions.removeIf((subscription) -> subscription.charAt(0) == kind);
					}
					else {
						arguments.forEach((argument) -> this.subscriptions.remove(kind + argument));
					}
				}
				case "RESET" -> {
					this.subscriptions.clear();
					this.resp3 = false;
				}
				case "HELLO" -> {
					if (!arguments.isEmpty() && (this.subscriptions.isEmpty() || this.resp3)) {
						this.resp3 = arguments.get(0).equals("3");
					}
				}
				default -> {
				}
			}
		}

		private boolean isAuthentication(List<byte[]> command) {
			if (command.isEmpty()) {
				return false;
			}
			String name = text(command.get(0));
			return name.equalsIgnoreCase("AUTH") || (name.equalsIgnoreCase("HELLO") && indexOfAuth(command) >= 0);
		}

		/** Channel, pattern or shard channel: the letter before {@code SUBSCRIBE} or {@code UNSUBSCRIBE}. */
		private static char subscriptionKind(String command) {
			String kind = command.replace("UNSUBSCRIBE", "").replace("SUBSCRIBE", "");
			return kind.isEmpty() ? 'C' : kind.charAt(0);
		}

		/**
		 * Azure lacks some subcommands (e.g. {@code CLUSTER MYID}): they reach the backend renamed, which refuses
		 * them as unknown, so that a client relying on them fails here as it would on Azure.
		 */
		private List<byte[]> withoutMissingSubcommands(List<byte[]> command) {
			if (command.size() >= 2 && text(command.get(0)).equalsIgnoreCase("CLUSTER")
					&& text(command.get(1)).equalsIgnoreCase("MYID")) {
				List<byte[]> renamed = new ArrayList<>(command);
				renamed.set(1, "MYID-NOT-ON-AZURE".getBytes(StandardCharsets.UTF_8));
				return renamed;
			}
			return command;
		}

		private int indexOfAuth(List<byte[]> command) {
			for (int i = 2; i < command.size(); i++) {
				if (text(command.get(i)).equalsIgnoreCase("AUTH")) {
					return i;
				}
			}
			return -1;
		}

		void close(boolean forExpiry) {
			synchronized (this) {
				if (this.closedAt != null) {
					return;
				}
				this.closedAt = now();
				this.expired = forExpiry;
			}
			closeQuietly(this.client);
			closeQuietly(this.backendSocket);
		}

		private static void closeQuietly(Socket socket) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		}

		private static String text(byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}

	}

	@Override
	public String toString() {
		return "AzureLikeRedis[" + host() + ":" + port() + " -> " + backend() + "]";
	}

	/** @return counts for diagnostics */
	public Map<String, Object> statistics() {
		return Map.of("connections", this.connections.size(), "open", openConnections(), "accepted",
				acceptedAuthentications(), "rejected", rejectedAuthentications(), "reauthentications",
				reauthentications(), "closedForExpiry", closedForExpiry(), "refusedWhileSubscribed",
				refusedWhileSubscribed());
	}

}
