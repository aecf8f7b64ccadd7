package io.github.azureredis.connection.redisson;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Redis server behind a client is, read through Redisson's public API when first asked: product and version
 * ({@code INFO server}), whether it is a Redis Cluster node ({@code INFO cluster}), and which commands it offers
 * (the names in its {@code COMMAND} table, from a script: Redisson's API sends no arbitrary command). Features ask at
 * start-up whether the server offers the commands they will send ({@link #requireCommands}), so that a server without
 * one (an older Redis, a command the operator disabled or renamed, scripting turned off) stops the application with a
 * report that names the feature, instead of failing every call.
 * <p>
 * One instance is shared by the starter's features (a bean of the client auto-configuration), and each answer is read
 * once: the whole command table is read at the first question, so the checks of every feature cost one script call
 * in all, whichever feature asks first and whatever it asks.
 * <p>
 * Commands are checked by name, never inferred from the version: a server may lack commands of its version (Azure
 * blocks some, an operator may rename them). It is read at start-up only. The one command chosen by it,
 * {@code GETEX} for time-to-idle (a script where it is missing, as on Azure Cache for Redis 6.0), falls back by itself
 * when a server refuses it, so a failover to another node needs no new reading.
 *
 * @author Azure Redis Cache contributors
 */
public final class RedisServerInfo {

	private static final Logger logger = LoggerFactory.getLogger(RedisServerInfo.class);

	/** The names of the commands in the server's command table; a renamed or disabled command is not among them. */
	private static final String COMMAND_NAMES = "local names = {} "
			+ "for _, command in ipairs(redis.call('COMMAND')) do table.insert(names, command[1]) end "
			+ "return names";

	private final RedissonClient client;

	private volatile @Nullable Commands commands;

	private volatile @Nullable Map<String, String> server;

	private volatile @Nullable Map<String, String> cluster;

	private volatile @Nullable String address;

	private RedisServerInfo(RedissonClient client) {
		this.client = client;
	}

	/**
	 * The server behind a client. Nothing is read until a method needs it.
	 * @param client the client
	 * @return what the server is
	 */
	public static RedisServerInfo of(RedissonClient client) {
		return new RedisServerInfo(client);
	}

	/**
	 * What the server calls itself, for messages.
	 * @return e.g. {@code Redis 6.0.14}, {@code Valkey 8.0.1}, {@code Redis Enterprise 7.8.2-7 (Redis 7.4.0)}, or
	 * {@code Redis (version unknown)} when {@code INFO} is refused
	 */
	public String description() {
		Map<String, String> info = server();
		String redisVersion = info.get("redis_version");
		if (info.containsKey("rlec_version")) {
			return "Redis Enterprise " + info.get("rlec_version")
					+ ((redisVersion != null) ? " (Redis " + redisVersion + ")" : "");
		}
		if (info.containsKey("valkey_version")) {
			return "Valkey " + info.get("valkey_version");
		}
		return "Redis " + ((redisVersion != null) ? redisVersion : "(version unknown)");
	}

	/**
	 * Whether the server is Redis Enterprise (Azure Managed Redis, the Enterprise tiers of Azure Cache for Redis,
	 * Redis Software and Redis Cloud), whose {@code INFO} reports its own version.
	 * @return {@code true} for Redis Enterprise, {@code false} otherwise or when {@code INFO} is refused
	 */
	public boolean isRedisEnterprise() {
		return server().containsKey("rlec_version");
	}

	/**
	 * Whether the node is part of a Redis Cluster ({@code cluster_enabled:1}).
	 * @return {@code true} for a cluster node, {@code false} otherwise or when {@code INFO} is refused
	 */
	public boolean isClusterEnabled() {
		Map<String, String> info = this.cluster;
		if (info == null) {
			info = read(RedisNode.InfoSection.CLUSTER);
			this.cluster = info;
		}
		return "1".equals(info.get("cluster_enabled"));
	}

	/**
	 * The address of the node read from, for messages.
	 * @return {@code host:port}
	 */
	public String address() {
		server();
		String read = this.address;
		return (read != null) ? read : "(unknown)";
	}

	/**
	 * Which of the commands the server does not offer. A command that cannot be checked counts as offered: the server
	 * refuses {@code COMMAND} or scripts, or the client starts lazily ({@code azure.redis.client.lazy-initialization}),
	 * when the start-up must not wait for Redis.
	 * @param commands command names, e.g. {@code EVAL}, {@code GETEX}
	 * @return the missing ones, upper case, in the order asked
	 */
	public Set<String> missingCommands(Collection<String> commands) {
		if (isLazy()) {
			return Set.of();
		}
		Commands offered = commands();
		Set<String> missing = new LinkedHashSet<>();
		for (String command : commands) {
			String name = command.toUpperCase(Locale.ROOT);
			if (!offered.offers(name)) {
				missing.add(name);
			}
		}
		return missing;
	}

	/**
	 * Fails unless the server offers every command a feature will send ({@link #missingCommands}).
	 * @param feature what needs them, e.g. {@code "Time-to-idle"}
	 * @param property the property that turns the feature on
	 * @param action what to do instead, besides a server that offers the commands
	 * @param commands the commands the feature sends, scripts' own commands included
	 * @throws UnsupportedRedisServerException if the server lacks one
	 */
	public void requireCommands(String feature, String property, String action, Collection<String> commands) {
		Set<String> missing = missingCommands(commands);
		if (!missing.isEmpty()) {
			throw new UnsupportedRedisServerException(feature, property, description(), address(), missing, action);
		}
	}

	/**
	 * Whether a failure is the server's refusal of a command it does not know (missing, or renamed away). A command
	 * unknown to a script fails otherwise ({@code ERR Unknown ... command called from script}), and is not one.
	 * @param failure a failure of a command, possibly wrapped
	 * @return {@code true} for an unknown command
	 */
	public static boolean isUnknownCommand(Throwable failure) {
		return Causes.anyMatch(failure, (cause) -> String.valueOf(cause.getMessage()).startsWith("ERR unknown command"));
	}

	private boolean isLazy() {
		Config config = this.client.getConfig();
		return config != null && config.isLazyInitialization();
	}

	private Commands commands() {
		Commands offered = this.commands;
		if (offered == null) {
			synchronized (this) {
				offered = this.commands;
				if (offered == null) {
					offered = readCommands();
					this.commands = offered;
				}
			}
		}
		return offered;
	}

	/**
	 * Reads the command table from a script, loaded and run by its digest: Redisson's own script calls send
	 * {@code EVALSHA} and, on an unknown command error, send it again and again, so a server without scripting must be
	 * detected without them.
	 */
	private Commands readCommands() {
		RScript script = this.client.getScript(StringCodec.INSTANCE);
		String step = "SCRIPT";
		try {
			String digest = script.scriptLoad(COMMAND_NAMES);
			step = "EVALSHA";
			List<Object> names = script.evalSha(RScript.Mode.READ_WRITE, digest, RScript.ReturnType.LIST, List.of());
			Set<String> offered = new HashSet<>();
			names.forEach((name) -> offered.add(String.valueOf(name).toUpperCase(Locale.ROOT)));
			return new Commands(offered, Set.of());
		}
		catch (RuntimeException ex) {
			if (isUnknownCommand(ex)) {
				// Scripts cannot run here, so nothing else can be told.
				return new Commands(null, Set.of(step));
			}
			logger.debug("Could not tell which commands Redis offers: {}", ex.toString());
			return new Commands(null, Set.of());
		}
	}

	private Map<String, String> server() {
		Map<String, String> info = this.server;
		if (info == null) {
			info = read(RedisNode.InfoSection.SERVER);
			this.server = info;
		}
		return info;
	}

	private Map<String, String> read(RedisNode.InfoSection section) {
		try {
			RedisNode node = primary();
			this.address = node.getAddr().getHostString() + ":" + node.getAddr().getPort();
			return node.info(section);
		}
		catch (RuntimeException ex) {
			// An ACL may forbid INFO (some Azure data access policies do).
			logger.debug("Could not read INFO {} from Redis: {}", section, ex.toString());
			return Map.of();
		}
	}

	private RedisNode primary() {
		Config config = this.client.getConfig();
		if (config.isClusterConfig()) {
			return this.client.getRedisNodes(RedisNodes.CLUSTER).getMasters().iterator().next();
		}
		if (config.isSentinelConfig()) {
			return this.client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster();
		}
		return this.client.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster();
	}

	/**
	 * What the server was found to offer.
	 * @param table the names in its command table, or {@code null} when it could not be read (a command that cannot be
	 * checked counts as offered)
	 * @param refused the commands found missing otherwise ({@code SCRIPT} or {@code EVALSHA}, refused while reading)
	 */
	private record Commands(@Nullable Set<String> table, Set<String> refused) {

		boolean offers(String name) {
			Set<String> known = this.table;
			return !this.refused.contains(name) && (known == null || known.contains(name));
		}

	}

}
