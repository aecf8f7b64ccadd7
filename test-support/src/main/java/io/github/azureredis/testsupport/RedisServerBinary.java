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

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a {@code redis-server} executable without any manual installation.
 * <p>
 * In order: the {@code REDIS_SERVER} environment variable (or system property), the TLS-capable binary shipped in
 * the {@code com.github.codemonstur:embedded-redis} artifact (unpacked once into the temporary directory), then
 * {@code redis-server} on the {@code PATH}. The embedded binary comes first so that every machine runs the same
 * Redis version; a candidate is used only when {@code redis-server --version} runs.
 */
public final class RedisServerBinary {

	private static final Logger logger = LoggerFactory.getLogger(RedisServerBinary.class);

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
		List<String> tried = new ArrayList<>();
		String configured = System.getProperty("REDIS_SERVER", System.getenv("REDIS_SERVER"));
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (runs(path)) {
				return announce(path, "REDIS_SERVER");
			}
			tried.add("REDIS_SERVER=" + configured + " (does not run)");
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
		Path onPath = findOnPath("redis-server");
		if (onPath != null && runs(onPath)) {
			return announce(onPath, "the PATH");
		}
		tried.add("redis-server on the PATH (not found)");
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

	private static @Nullable Path findOnPath(String name) {
		String path = System.getenv("PATH");
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
		try {
			Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && output.contains("Redis server");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
