package io.github.azureredis.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A master with replicas, real {@code redis-server} processes on free loopback ports, optionally watched by sentinels
 * ({@code redis-server --sentinel}, the same binary) that fail it over when it stops answering: the topologies that
 * Spring Boot's {@code spring.data.redis.masterreplica.*} and {@code spring.data.redis.sentinel.*} describe.
 */
public final class RedisReplicaSet implements AutoCloseable {

	/** The master name the sentinels watch. */
	public static final String MASTER_NAME = "cache-master";

	/** How long the master may not answer before the sentinels consider it down. */
	private static final Duration DOWN_AFTER = Duration.ofSeconds(1);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<RedisServer> servers;

	private final List<RedisServer> sentinels;

	private RedisReplicaSet(List<RedisServer> servers, List<RedisServer> sentinels) {
		this.servers = servers;
		this.sentinels = sentinels;
	}

	/**
	 * Starts a master and its replicas, and waits until every replica is in sync.
	 * @param replicas the number of replicas
	 * @return the running servers
	 */
	public static RedisReplicaSet start(int replicas) {
		return start(replicas, 0);
	}

	/**
	 * Starts a master, its replicas and sentinels watching it (a majority of them must agree to fail it over), and
	 * waits until every replica is in sync and every sentinel knows every replica and every other sentinel.
	 * @param replicas the number of replicas
	 * @param sentinels the number of sentinels
	 * @return the running servers
	 */
	public static RedisReplicaSet start(int replicas, int sentinels) {
		return start(replicas, sentinels, null, null);
	}

	/**
	 * Starts a master, its replicas and sentinels watching it, with passwords: the data nodes require one (the
	 * replicas and sentinels use it with the master), the sentinels another.
	 * @param replicas the number of replicas
	 * @param sentinels the number of sentinels
	 * @param password the password of the master and replicas ({@code requirepass}), or {@code null}
	 * @param sentinelPassword the password of the sentinels, or {@code null}
	 * @return the running servers
	 */
	public static RedisReplicaSet start(int replicas, int sentinels, @Nullable String password,
			@Nullable String sentinelPassword) {
		List<RedisServer> servers = new ArrayList<>();
		List<RedisServer> watchers = new ArrayList<>();
		RedisReplicaSet set = new RedisReplicaSet(servers, watchers);
		try {
			RedisServer master = dataNode(password).start();
			servers.add(master);
			for (int i = 0; i < replicas; i++) {
				servers.add(dataNode(password).replicaOf(master).start());
			}
			set.await("replicas in sync", () -> set.replicasInSync(master, replicas));
			for (int i = 0; i < sentinels; i++) {
				RedisServer.Builder sentinel = RedisServer.builder()
					.sentinel(MASTER_NAME, master, sentinels / 2 + 1, DOWN_AFTER, password);
				if (sentinelPassword != null) {
					sentinel.password(sentinelPassword);
				}
				watchers.add(sentinel.start());
			}
			set.await("sentinels that know each other and every replica",
					() -> watchers.stream().allMatch((sentinel) -> set.knowsAll(sentinel, replicas, sentinels)));
			return set;
		}
		catch (RuntimeException ex) {
			set.close();
			throw ex;
		}
	}

	private static RedisServer.Builder dataNode(@Nullable String password) {
		RedisServer.Builder builder = RedisServer.builder();
		if (password != null) {
			// A replica, and a master once demoted, authenticates to its master with it.
			builder.password(password).config("masterauth", password);
		}
		return builder;
	}

	/** @return the master the set started with, then the replicas */
	public List<RedisServer> servers() {
		return List.copyOf(this.servers);
	}

	/** @return the sentinels */
	public List<RedisServer> sentinels() {
		return List.copyOf(this.sentinels);
	}

	/** @return the nodes, {@code host:port,...}, as {@code spring.data.redis.masterreplica.nodes} takes them */
	public String nodes() {
		return addresses(this.servers);
	}

	/** @return the sentinels, {@code host:port,...}, as {@code spring.data.redis.sentinel.nodes} takes them */
	public String sentinelNodes() {
		return addresses(this.sentinels);
	}

	/** @return the server that is master now: the one whose {@code ROLE} says so */
	public RedisServer master() {
		for (RedisServer server : this.servers) {
			if (server.isRunning() && "master".equals(role(server))) {
				return server;
			}
		}
		throw new IllegalStateException("No master among " + this.servers);
	}

	/**
	 * Kills the master (SIGKILL, as a crash would) and waits until the sentinels have promoted a replica and it
	 * answers as master.
	 * @return the new master
	 */
	public RedisServer failOver() {
		if (this.sentinels.isEmpty()) {
			throw new IllegalStateException("No sentinels to fail over");
		}
		RedisServer former = master();
		former.kill();
		RedisServer[] promoted = new RedisServer[1];
		await("a replica promoted by the sentinels", () -> {
			RedisServer announced = announcedMaster();
			if (announced != null && announced != former && "master".equals(role(announced))) {
				promoted[0] = announced;
				return true;
			}
			return false;
		});
		return promoted[0];
	}

	/**
	 * Waits until every replica has received every write the master acknowledged so far ({@code WAIT}), and has
	 * applied it: each reports its link to the master up and its own offset at the master's. {@code WAIT} alone was
	 * seen satisfied on a loaded machine while a replica still answered a read of the write with nothing.
	 */
	public void awaitReplication() {
		RedisServer master = master();
		List<RedisServer> replicas = this.servers.stream()
			.filter((server) -> server != master && server.isRunning())
			.toList();
		long offset;
		try (RespClient client = master.client()) {
			long acknowledged = client.integer("WAIT", replicas.size(), TIMEOUT.toMillis());
			if (acknowledged < replicas.size()) {
				throw new IllegalStateException(
						acknowledged + " of " + replicas.size() + " replicas acknowledged the writes");
			}
			offset = field(client.string("INFO", "replication"), "master_repl_offset");
		}
		await("replicas at the master's offset " + offset, () -> replicas.stream().allMatch((replica) -> {
			String info = replicationInfo(replica);
			return info.contains("master_link_status:up") && field(info, "slave_repl_offset") >= offset;
		}));
	}

	private static String replicationInfo(RedisServer server) {
		try (RespClient client = server.client()) {
			String info = client.string("INFO", "replication");
			return (info != null) ? info : "";
		}
	}

	private static long field(@Nullable String info, String field) {
		return ((info != null) ? info : "").lines()
			.filter((line) -> line.startsWith(field + ":"))
			.mapToLong((line) -> Long.parseLong(line.substring(field.length() + 1).trim()))
			.findFirst()
			.orElse(-1);
	}

	/** @return the server the sentinels name as master, or {@code null} */
	private @Nullable RedisServer announcedMaster() {
		for (RedisServer sentinel : this.sentinels) {
			try (RespClient client = sentinel.client()) {
				Object reply = client.call("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
				if (reply instanceof List<?> address && address.size() == 2) {
					int port = Integer.parseInt(text(address.get(1)));
					return this.servers.stream().filter((server) -> server.port() == port).findFirst().orElse(null);
				}
			}
			catch (RuntimeException ex) {
				// Try the next sentinel.
			}
		}
		return null;
	}

	private boolean replicasInSync(RedisServer master, int replicas) {
		String info = replicationInfo(master);
		return info.contains("connected_slaves:" + replicas)
				&& info.lines().filter((line) -> line.startsWith("slave")).allMatch((line) -> line.contains("state=online"));
	}

	private boolean knowsAll(RedisServer sentinel, int replicas, int sentinels) {
		try (RespClient client = sentinel.client()) {
			Object replicaList = client.call("SENTINEL", "replicas", MASTER_NAME);
			Object sentinelList = client.call("SENTINEL", "sentinels", MASTER_NAME);
			return replicaList instanceof List<?> known && known.size() == replicas
					&& sentinelList instanceof List<?> others && others.size() == sentinels - 1;
		}
	}

	private static @Nullable String role(RedisServer server) {
		try (RespClient client = server.client()) {
			Object reply = client.call("ROLE");
			return (reply instanceof List<?> role && !role.isEmpty()) ? text(role.get(0)) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static String text(@Nullable Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
				: String.valueOf(value);
	}

	private static String addresses(List<RedisServer> servers) {
		return String.join(",", servers.stream().map((server) -> server.host() + ":" + server.port()).toList());
	}

	private void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("Timed out after " + TIMEOUT + " waiting for " + what + ": " + this);
	}

	@Override
	public void close() {
		this.sentinels.forEach(RedisServer::close);
		this.servers.forEach(RedisServer::close);
	}

	@Override
	public String toString() {
		return "RedisReplicaSet[servers=" + this.servers + ", sentinels=" + this.sentinels + "]";
	}

}
