package io.github.azureredis.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a {@code redis-server} executable without any manual installation.
 * <p>
 * In order: the {@code REDIS_SERVER} environment variable (or system property), {@code redis-server} on the
 * {@code PATH} (Redis 6.2 or newer: an installed Redis is usually newer, and chosen by the developer), then the
 * TLS-capable Redis 6.2 binary shipped in the {@code com.github.codemonstur:embedded-redis} artifact (unpacked once
 * into the temporary directory), so that nothing needs installing. A candidate is used only when
 * {@code redis-server --version} runs.
 */
public final class RedisServerBinary {

	private static final Logger logger = LoggerFactory.getLogger(RedisServerBinary.class);

	/** ACLs, RESP3, TLS and GETEX, which the tests use: 6.2. */
	private static final List<Integer> MINIMUM_VERSION = List.of(6, 2);

	private static final Pattern VERSION = Pattern.compile("v=(\\d+\\.\\d+(?:\\.\\d+)?)");

	private static volatile @Nullable Path resolved;

	private RedisServerBinary() {
	}

	/**
	 * Returns the path of a working {@code redis-server}.
	 * @return the executable
	 * @throws IllegalStateException if none can be found
	 */
	public static Path get() {
		Path path = resolved;
		if (path == null) {
			synchronized (RedisServerBinary.class) {
				path = resolved;
				if (path == null) {
					path = resolve();
					resolved = path;
				}
			}
		}
		return path;
	}

	private static Path resolve() {
		return resolve(System.getProperty("REDIS_SERVER", System.getenv("REDIS_SERVER")), System.getenv("PATH"));
	}

	static Path resolve(@Nullable String configured, @Nullable String searchPath) {
		List<String> tried = new ArrayList<>();
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (runs(path)) {
				return announce(path, "REDIS_SERVER");
			}
			tried.add("REDIS_SERVER=" + configured + " (does not run)");
		}
		Path onPath = findOnPath(searchPath, "redis-server");
		if (onPath == null) {
			tried.add("redis-server on the PATH (not found)");
		}
		else {
			String version = version(onPath);
			if (version == null) {
				tried.add(onPath + " on the PATH (does not run)");
			}
			else if (!isAtLeast(version, MINIMUM_VERSION)) {
				tried.add(onPath + " on the PATH (Redis " + version + ", older than 6.2)");
			}
			else {
				return announce(onPath, "the PATH (Redis " + version + ")");
			}
		}
		String resource = embeddedResourceName();
		if (resource != null) {
			try {
				Path path = unpack(resource);
				if (runs(path)) {
					return announce(path, "the embedded-redis artifact");
				}
				tried.add(resource + " from embedded-redis (does not run on this machine)");
			}
			catch (IOException ex) {
				tried.add(resource + " from embedded-redis (" + ex.getMessage() + ")");
			}
		}
		else {
			tried.add("embedded-redis (no binary for " + System.getProperty("os.name") + "/"
					+ System.getProperty("os.arch") + ")");
		}
		throw new IllegalStateException("No runnable redis-server found. Tried: " + String.join("; ", tried)
				+ ". Install Redis 6.2 or newer, or point REDIS_SERVER at a redis-server executable.");
	}

	private static Path announce(Path path, String source) {
		logger.info("Using redis-server {} from {}", path, source);
		return path;
	}

	private static @Nullable String embeddedResourceName() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.contains("linux")) {
			return x64 ? "redis-server-6.2.6-v5-linux-amd64" : arm64 ? "redis-server-6.2.7-linux-arm64" : null;
		}
		if (os.contains("mac")) {
			return x64 ? "redis-server-6.2.6-v5-darwin-amd64" : arm64 ? "redis-server-6.2.6-v5-darwin-arm64" : null;
		}
		// The Windows binary in the artifact is Redis 5, too old for ACLs and RESP3.
		return null;
	}

	private static Path unpack(String resource) throws IOException {
		Path directory = Path.of(System.getProperty("java.io.tmpdir"), "azure-redis-cache-" + System.getProperty("user.name"));
		Files.createDirectories(directory);
		Path target = directory.resolve(resource);
		if (Files.isExecutable(target)) {
			return target;
		}
		try (InputStream in = RedisServerBinary.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IOException("resource " + resource + " is not on the classpath");
			}
			// Parallel test JVMs may unpack at the same time: write aside, then move into place atomically.
			Path temporary = Files.createTempFile(directory, resource, ".part");
			Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
			if (!temporary.toFile().setExecutable(true)) {
				throw new IOException("cannot make " + temporary + " executable");
			}
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		return target;
	}

	private static @Nullable Path findOnPath(@Nullable String path, String name) {
		if (path == null) {
			return null;
		}
		for (String entry : path.split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(entry, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static boolean runs(Path executable) {
		return version(executable) != null;
	}

	/**
	 * The version {@code redis-server --version} prints ({@code Redis server v=7.2.4 sha=...}; Valkey's, which serves
	 * Redis clients alike: {@code Valkey server v=8.0.1 ...}), or null.
	 */
	static @Nullable String version(Path executable) {
		try {
			Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0 || !(output.contains("Redis server") || output.contains("Valkey server"))) {
				return null;
			}
			Matcher version = VERSION.matcher(output);
			return version.find() ? version.group(1) : "unknown";
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	static boolean isAtLeast(String version, List<Integer> minimum) {
		String[] parts = version.split("\\.");
		for (int i = 0; i < minimum.size(); i++) {
			int part;
			try {
				part = (i < parts.length) ? Integer.parseInt(parts[i]) : 0;
			}
			catch (NumberFormatException ex) {
				return false;
			}
			if (part != minimum.get(i)) {
				return part > minimum.get(i);
			}
		}
		return true;
	}

}
