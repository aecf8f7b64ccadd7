package io.github.azureredis.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of {@code redis-server} processes on free ports: masters with the 16384 slots shared
 * between them and replicas attached, as {@code redis-cli --cluster create} would make it. Optionally every node
 * sits behind its own {@link AzureLikeRedis} TLS proxy, which the node announces to clients, so that cluster
 * discovery, {@code MOVED} redirects and every connection go through Microsoft Entra ID enforcement, as on Azure
 * Managed Redis with the OSS clustering policy.
 */
public final class RedisCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

	private final List<Node> nodes;

	private final @Nullable String adminPassword;

	private @Nullable AzureLikeRedis endpoint;

	private RedisCluster(List<Node> nodes, @Nullable String adminPassword) {
		this.nodes = nodes;
		this.adminPassword = adminPassword;
	}

	/**
	 * Starts a plain-TCP cluster.
	 * @param masters the number of masters
	 * @param replicasPerMaster replicas of each master
	 * @return the running cluster
	 */
	public static RedisCluster start(int masters, int replicasPerMaster) {
		return create(masters, replicasPerMaster, null, null, List.of(), Map.of());
	}

	/**
	 * Starts a plain-TCP cluster whose nodes have further settings, e.g. {@code cluster-require-full-coverage no}
	 * so that healthy masters keep serving while another is down, or a longer {@code cluster-node-timeout}.
	 * @param masters the number of masters
	 * @param replicasPerMaster replicas of each master
	 * @param settings redis.conf settings of every node
	 * @return the running cluster
	 */
	public static RedisCluster start(int masters, int replicasPerMaster, Map<String, String> settings) {
		return create(masters, replicasPerMaster, null, null, List.of(), settings);
	}

	/**
	 * Starts a cluster whose every node sits behind an Azure-like TLS proxy enforcing tokens of the issuer.
	 * @param masters the number of masters
	 * @param replicasPerMaster replicas of each master
	 * @param issuer the issuer whose tokens are accepted
	 * @param certificates the certificates the proxies present
	 * @param objectIds identities that have access
	 * @return the running cluster
	 */
	public static RedisCluster startAzureLike(int masters, int replicasPerMaster, FakeEntraId issuer,
			TestCertificates certificates, String... objectIds) {
		return create(masters, replicasPerMaster, issuer, certificates, List.of(objectIds), Map.of());
	}

	/**
	 * Starts an Azure-like cluster whose nodes have further settings.
	 * @param masters the number of masters
	 * @param replicasPerMaster replicas of each master
	 * @param settings redis.conf settings of every node
	 * @param issuer the issuer whose tokens are accepted
	 * @param certificates the certificates the proxies present
	 * @param objectIds identities that have access
	 * @return the running cluster
	 */
	public static RedisCluster startAzureLike(int masters, int replicasPerMaster, Map<String, String> settings,
			FakeEntraId issuer, TestCertificates certificates, String... objectIds) {
		return create(masters, replicasPerMaster, issuer, certificates, List.of(objectIds), settings);
	}

	private static RedisCluster create(int masters, int replicasPerMaster, @Nullable FakeEntraId issuer,
			@Nullable TestCertificates certificates, List<String> objectIds, Map<String, String> settings) {
		boolean azureLike = issuer != null && certificates != null;
		String adminPassword = azureLike ? UUID.randomUUID().toString() : null;
		Path aclFile = azureLike ? AzureLikeRedis.aclFile(adminPassword, objectIds) : null;
		String version = RedisServerBinary.version(RedisServerBinary.get());
		boolean announcesTlsPort = version != null && RedisServerBinary.isAtLeast(version, List.of(7, 0));
		List<Node> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
				int port = FreePorts.find();
				int announcedPort = azureLike ? FreePorts.find() : port;
				RedisServer.Builder builder = RedisServer.builder()
					.port(port)
					.config("cluster-enabled", "yes")
					.config("cluster-config-file", "nodes-" + port + ".conf")
					.config("cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()))
					.config("cluster-announce-ip", "127.0.0.1")
					.config("cluster-announce-port", Integer.toString(announcedPort))
					.config("cluster-announce-bus-port", Integer.toString(port + 10_000));
				settings.forEach(builder::config);
				if (azureLike) {
					// Replicas reach their master at its announced address, the proxy: over TLS, as the
					// administrator, whose login the proxy passes through. Valkey 8 replicates over TLS to the
					// announced TLS port, which Redis 7.0 and newer can announce too (6.2 cannot, nor needs to).
					if (announcesTlsPort) {
						builder.config("cluster-announce-tls-port", Integer.toString(announcedPort));
					}
					builder.config("aclfile", aclFile.toString())
						.config("masteruser", AzureLikeRedis.adminUser())
						.config("masterauth", adminPassword)
						.config("tls-replication", "yes")
						.config("tls-cert-file", certificates.serverCertificatePath().toString())
						.config("tls-key-file", certificates.serverKeyPath().toString())
						.config("tls-ca-cert-file", certificates.caCertificatePath().toString());
				}
				RedisServer server = builder.start();
				AzureLikeRedis proxy = azureLike
						? AzureLikeRedis.proxy(issuer, certificates, server, adminPassword, announcedPort) : null;
				nodes.add(new Node(server, proxy, announcedPort));
			}
			RedisCluster cluster = new RedisCluster(nodes, adminPassword);
			cluster.form(masters, replicasPerMaster);
			if (azureLike) {
				cluster.endpoint = AzureLikeRedis.endpoint(issuer, certificates, cluster::anyRunningServer,
						adminPassword);
			}
			return cluster;
		}
		catch (RuntimeException ex) {
			nodes.forEach(Node::close);
			throw ex;
		}
	}

	private void form(int masters, int replicasPerMaster) {
		Node first = this.nodes.get(0);
		for (Node node : this.nodes.subList(1, this.nodes.size())) {
			try (RespClient client = admin(first)) {
				client.require("CLUSTER", "MEET", "127.0.0.1", node.server.port());
			}
		}
		int perMaster = SLOTS / masters;
		for (int m = 0; m < masters; m++) {
			int from = m * perMaster;
			int to = (m == masters - 1) ? SLOTS - 1 : from + perMaster - 1;
			try (RespClient client = admin(this.nodes.get(m))) {
				for (int start = from; start <= to; start += 1000) {
					List<Object> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
					for (int slot = start; slot <= Math.min(to, start + 999); slot++) {
						command.add(slot);
					}
					client.require(command.toArray());
				}
			}
		}
		awaitAllKnown();
		for (int m = 0; m < masters; m++) {
			String masterId = nodeId(this.nodes.get(m));
			for (int r = 0; r < replicasPerMaster; r++) {
				Node replica = this.nodes.get(masters + m * replicasPerMaster + r);
				try (RespClient client = admin(replica)) {
					client.require("CLUSTER", "REPLICATE", masterId);
				}
			}
		}
		awaitHealthy();
	}

	private void awaitAllKnown() {
		await("every node to know every other", () -> this.nodes.stream().allMatch((node) -> {
			try (RespClient client = admin(node)) {
				return client.string("CLUSTER", "NODES").lines().count() == this.nodes.size();
			}
		}));
	}

	/** Waits until every running node reports the cluster ok and every replica is in sync with its master. */
	public void awaitHealthy() {
		await("the cluster to be ok", () -> this.nodes.stream().filter((node) -> node.server.isRunning()).allMatch((node) -> {
			try (RespClient client = admin(node)) {
				if (!client.string("CLUSTER", "INFO").contains("cluster_state:ok")) {
					return false;
				}
				String replication = client.string("INFO", "replication");
				return replication.contains("role:master") || replication.contains("master_link_status:up");
			}
		}));
	}

	private static void await(String what, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (condition.getAsBoolean()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// A node still starting, or just killed: ask again.
			}
			Load.sleep(Duration.ofMillis(100));
		}
		throw new IllegalStateException("Timed out waiting for " + what);
	}

	private String nodeId(Node node) {
		try (RespClient client = admin(node)) {
			return client.string("CLUSTER", "MYID");
		}
	}

	/**
	 * Opens an administrative connection straight to a node's redis-server, bypassing any proxy.
	 * @param node the node
	 * @return an authenticated client
	 */
	public RespClient admin(Node node) {
		RespClient client = node.server.client();
		if (this.adminPassword != null) {
			client.require("AUTH", AzureLikeRedis.adminUser(), this.adminPassword);
		}
		return client;
	}

	/** @return every node, masters first as created */
	public List<Node> nodes() {
		return List.copyOf(this.nodes);
	}

	/** @return the nodes that are masters now (roles change after a failover) */
	public List<Node> masters() {
		return this.nodes.stream().filter((node) -> node.server.isRunning()).filter((node) -> {
			try (RespClient client = admin(node)) {
				return client.string("INFO", "replication").contains("role:master");
			}
		}).toList();
	}

	/** @return the "host:port" addresses clients use, for spring.data.redis.cluster.nodes */
	public List<String> clientAddresses() {
		return this.nodes.stream().map((node) -> "localhost:" + node.announcedPort).toList();
	}

	/** @return keys held by each running master, by its client port */
	public Map<Integer, Long> keysPerMaster() {
		Map<Integer, Long> keys = new LinkedHashMap<>();
		for (Node master : masters()) {
			try (RespClient client = admin(master)) {
				keys.put(master.announcedPort, client.integer("DBSIZE"));
			}
		}
		return keys;
	}

	/**
	 * The master that serves each hash slot now.
	 * @return the master of every slot, by slot
	 */
	public Node[] slotOwners() {
		Node[] owners = new Node[SLOTS];
		Node any = masters().get(0);
		try (RespClient client = admin(any)) {
			for (Object range : (List<?>) client.require("CLUSTER", "SLOTS")) {
				List<?> fields = (List<?>) range;
				int port = ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
				Node owner = this.nodes.stream().filter((node) -> node.announcedPort == port).findFirst().orElseThrow();
				for (long slot = (Long) fields.get(0); slot <= (Long) fields.get(1); slot++) {
					owners[(int) slot] = owner;
				}
			}
		}
		return owners;
	}

	/**
	 * The hash slot of a key.
	 * @param key the key
	 * @return its slot
	 */
	public int slot(String key) {
		try (RespClient client = admin(masters().get(0))) {
			return (int) client.integer("CLUSTER", "KEYSLOT", key);
		}
	}

	/** Deletes every key on every master. */
	public void flushAll() {
		for (Node master : masters()) {
			try (RespClient client = admin(master)) {
				client.require("FLUSHALL");
			}
		}
	}

	/**
	 * The single endpoint of an Azure-like cluster: a proxy that sends each connection to a node that is up, so
	 * that it keeps answering (cluster topology included) when a node fails, as Azure Managed Redis's does.
	 * @return the endpoint's proxy
	 */
	public AzureLikeRedis endpoint() {
		if (this.endpoint == null) {
			throw new IllegalStateException("A plain cluster has no single endpoint: connect to its nodes");
		}
		return this.endpoint;
	}

	private RedisServer anyRunningServer() {
		List<RedisServer> running = this.nodes.stream().map(Node::server).filter(RedisServer::isRunning).toList();
		return running.get(ThreadLocalRandom.current().nextInt(running.size()));
	}

	/** @return the Azure-like proxies of the nodes, empty for a plain cluster */
	public List<AzureLikeRedis> proxies() {
		return this.nodes.stream().map((node) -> node.proxy).filter((proxy) -> proxy != null).toList();
	}

	@Override
	public void close() {
		if (this.endpoint != null) {
			this.endpoint.close();
		}
		this.nodes.forEach(Node::close);
	}

	@Override
	public String toString() {
		return "RedisCluster" + clientAddresses();
	}

	/**
	 * A node: its redis-server, its proxy if any, and the port it announces to clients.
	 */
	public static final class Node {

		private final RedisServer server;

		private final @Nullable AzureLikeRedis proxy;

		private final int announcedPort;

		Node(RedisServer server, @Nullable AzureLikeRedis proxy, int announcedPort) {
			this.server = server;
			this.proxy = proxy;
			this.announcedPort = announcedPort;
		}

		/** @return the node's redis-server */
		public RedisServer server() {
			return this.server;
		}

		/** @return the node's Azure-like proxy, or {@code null} in a plain cluster */
		public @Nullable AzureLikeRedis proxy() {
			return this.proxy;
		}

		/** @return the port clients connect to */
		public int announcedPort() {
			return this.announcedPort;
		}

		void close() {
			if (this.proxy != null) {
				this.proxy.close();
			}
			this.server.close();
		}

		@Override
		public String toString() {
			return "Node[" + this.announcedPort + (this.proxy != null ? " -> " + this.server.port() : "") + "]";
		}

	}

}
