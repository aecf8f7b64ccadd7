package io.github.azureredis.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in for the Redis of Azure Cache for Redis (Basic, Standard and Premium, clustered or not): Redis 6.0 with
 * Azure's administrative commands blocked. A {@link RedisServer} becomes one with
 * {@link RedisServer.Builder#azureCacheForRedis6(boolean)}, or every server of a JVM with the system property (or
 * environment variable) {@value #SWITCH}{@code =}{@value #SWITCH_VALUE}, as the build's second integration run does.
 * <p>
 * It is the redis-server in use ({@link RedisServerBinary}: the embedded Redis 6.2 in CI, Debian's 7.0 or a newer one
 * where installed) with commands renamed at start-up:
 * <ul>
 * <li>every command Redis 6.0 lacks is removed ({@code rename-command GETEX ""}): the binary's {@code COMMAND} list
 * minus Redis 6.0's commands, listed in {@code redis-6.0-commands.txt} beside this class (read from Redis 7.0's
 * {@code COMMAND DOCS}: every command whose {@code since} is 6.0.x or older, and the three 7.0 dropped: {@code STRALGO},
 * {@code HOST:} and {@code POST}). From a 6.2 binary that removes
 * {@code GETEX}, {@code GETDEL}, {@code COPY}, {@code LMOVE}, {@code ZRANGESTORE}, {@code RESET} and the rest of 6.2's
 * new commands; from 7.x also {@code FUNCTION}, {@code FCALL}, {@code EVAL_RO}, {@code EVALSHA_RO},
 * {@code SPUBLISH}, {@code EXPIRETIME}, {@code LMPOP} and the others.</li>
 * <li>the commands Azure blocks ({@link #BLOCKED}) are renamed to names that only this JVM knows, so that a client
 * gets {@code unknown command} as on Azure while the harness keeps them: {@link RedisServer#client()} sends them
 * under their secret names.</li>
 * </ul>
 * Why a stand-in: no Redis 6.0 binary is served where the build may download (Maven Central's embedded-redis has 6.2,
 * Debian 12 has 7.0), and Azure itself cannot run in a build. What it cannot model:
 * <ul>
 * <li>new options and subcommands of old commands: {@code rename-command} works on whole commands, so
 * {@code SET ... GET}, {@code EXAT} and {@code PXAT}, {@code ZADD GT/LT}, {@code CLIENT INFO} (6.2) or
 * {@code EXPIRE ... NX/XX/GT/LT} (7.0) still work here (docs/servers.md lists them, and shows that the starter sends
 * none);</li>
 * <li>RESP3 and reply differences between versions: {@code HELLO} is in 6.0, so it stays, with the binary's RESP3;
 * error texts and {@code INFO} are the binary's ({@code redis_version} is not 6.0);</li>
 * <li>Azure blocks only the {@code CLUSTER} subcommands that change a cluster; {@code CLUSTER} stays whole, since a
 * command cannot be renamed in part and the harness forms clusters with it. {@code PSYNC} and {@code SYNC}, blocked
 * for Azure's clients, stay: replicas need them;</li>
 * <li>the rest of Azure: its memory limits and eviction settings, its TLS front end, maintenance (see
 * {@link AzureLikeRedis}) and Microsoft Entra ID (idem).</li>
 * </ul>
 * Redis Sentinel cannot watch a stand-in: it reconfigures the servers it watches with {@code CONFIG} and
 * {@code REPLICAOF} (Azure has no Sentinel either).
 */
public final class AzureCacheForRedis6 {

	/** The system property or environment variable that makes every {@link RedisServer} of the JVM a stand-in. */
	public static final String SWITCH = "REDIS_STAND_IN";

	/** The value of {@link #SWITCH} that turns it on. */
	public static final String SWITCH_VALUE = "azure-cache-for-redis-6";

	/** The commands Azure Cache for Redis blocks that a command can be renamed for (see the class comment). */
	public static final List<String> BLOCKED = List.of("ACL", "BGREWRITEAOF", "BGSAVE", "CONFIG", "DEBUG", "MIGRATE",
			"MODULE", "REPLICAOF", "SAVE", "SHUTDOWN", "SLAVEOF");

	private static final String REDIS_60_COMMANDS = "redis-6.0-commands.txt";

	private static final String SECRET = Long.toHexString(new SecureRandom().nextLong());

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private static final Map<Path, Set<String>> binaryCommands = new ConcurrentHashMap<>();

	private AzureCacheForRedis6() {
	}

	/** @return whether {@link #SWITCH} asks for stand-ins */
	static boolean byDefault() {
		return SWITCH_VALUE.equals(System.getProperty(SWITCH, System.getenv(SWITCH)));
	}

	/**
	 * The top-level commands of Redis 6.0.
	 * @return their names, upper case
	 */
	public static Set<String> redis60Commands() {
		try (InputStream in = AzureCacheForRedis6.class.getResourceAsStream(REDIS_60_COMMANDS)) {
			if (in == null) {
				throw new IllegalStateException(REDIS_60_COMMANDS + " is not on the classpath");
			}
			Set<String> commands = new TreeSet<>();
			new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.forEach((line) -> commands.add(line.toUpperCase(Locale.ROOT)));
			return commands;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The commands of a redis-server that Redis 6.0 lacks.
	 * @param binary the redis-server
	 * @return their names, upper case
	 */
	public static Set<String> newerThan60(Path binary) {
		Set<String> newer = new TreeSet<>(commandsOf(binary));
		newer.removeAll(redis60Commands());
		return newer;
	}

	/**
	 * The name the harness sends a blocked command under.
	 * @param command a command of {@link #BLOCKED}
	 * @return its secret name
	 */
	public static String harnessName(String command) {
		return command.toUpperCase(Locale.ROOT) + "-" + SECRET;
	}

	/** @return the secret name of every blocked command, by command */
	static Map<String, String> harnessNames() {
		Map<String, String> names = new LinkedHashMap<>();
		BLOCKED.forEach((command) -> names.put(command, harnessName(command)));
		return names;
	}

	/** @return the redis-server arguments that make the binary a stand-in */
	static List<String> arguments(Path binary) {
		Set<String> offered = commandsOf(binary);
		List<String> arguments = new ArrayList<>();
		for (String command : newerThan60(binary)) {
			arguments.addAll(List.of("--rename-command", command, ""));
		}
		for (String command : BLOCKED) {
			if (offered.contains(command)) {
				arguments.addAll(List.of("--rename-command", command, harnessName(command)));
			}
		}
		return arguments;
	}

	/** The binary's own commands ({@code COMMAND}), read once per binary from a server started for it. */
	private static Set<String> commandsOf(Path binary) {
		return binaryCommands.computeIfAbsent(binary, AzureCacheForRedis6::readCommands);
	}

	private static Set<String> readCommands(Path binary) {
		int port = FreePorts.find();
		Process process;
		try {
			process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--daemonize", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + binary, ex);
		}
		try {
			long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
			while (true) {
				try (RespClient client = RespClient.connect("127.0.0.1", port)) {
					Set<String> commands = new TreeSet<>();
					for (Object command : (List<?>) client.require("COMMAND")) {
						commands.add(new String((byte[]) ((List<?>) command).get(0), StandardCharsets.UTF_8)
							.toUpperCase(Locale.ROOT));
					}
					return commands;
				}
				catch (UncheckedIOException ex) {
					if (!process.isAlive() || System.nanoTime() > deadline) {
						throw new IllegalStateException("Cannot read the commands of " + binary, ex);
					}
					Load.sleep(Duration.ofMillis(20));
				}
			}
		}
		finally {
			process.destroy();
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
