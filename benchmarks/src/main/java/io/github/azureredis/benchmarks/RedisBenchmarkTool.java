package io.github.azureredis.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds {@code redis-benchmark}, the server's own load generator: {@code REDIS_BENCHMARK}, the {@code PATH}, or
 * Debian's {@code redis-tools} package downloaded (not installed) into {@code target/redis-tools} with
 * {@code apt-get download}. Runs it and reads its CSV output.
 */
final class RedisBenchmarkTool {

	private final Path executable;

	private final Map<String, String> environment;

	private RedisBenchmarkTool(Path executable, Map<String, String> environment) {
		this.executable = executable;
		this.environment = environment;
	}

	static Optional<RedisBenchmarkTool> find(Path workDirectory) {
		String configured = System.getenv("REDIS_BENCHMARK");
		if (configured != null && Files.isExecutable(Path.of(configured))) {
			return Optional.of(new RedisBenchmarkTool(Path.of(configured), Map.of()));
		}
		for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(entry, "redis-benchmark");
			if (Files.isExecutable(candidate)) {
				return Optional.of(new RedisBenchmarkTool(candidate, Map.of()));
			}
		}
		return downloadDebianPackage(workDirectory.resolve("redis-tools").toAbsolutePath());
	}

	private static Optional<RedisBenchmarkTool> downloadDebianPackage(Path directory) {
		Path root = directory.resolve("root");
		Path executable = root.resolve("usr/bin/redis-benchmark");
		Map<String, String> environment = Map.of("LD_LIBRARY_PATH", root.resolve("usr/lib/x86_64-linux-gnu") + ":"
				+ root.resolve("usr/lib/aarch64-linux-gnu") + ":" + root.resolve("lib/x86_64-linux-gnu"));
		try {
			if (!Files.isExecutable(executable)) {
				Files.createDirectories(root);
				System.out.println("redis-benchmark is not on the PATH: downloading Debian's redis-tools into " + directory);
				run(directory, List.of("apt-get", "download", "redis-tools", "liblzf1", "libjemalloc2"), Map.of());
				try (var packages = Files.list(directory)) {
					for (Path deb : packages.filter((p) -> p.toString().endsWith(".deb")).toList()) {
						run(directory, List.of("dpkg-deb", "-x", deb.toString(), root.toString()), Map.of());
					}
				}
			}
			RedisBenchmarkTool tool = new RedisBenchmarkTool(executable, environment);
			return tool.works() ? Optional.of(tool) : Optional.empty();
		}
		catch (IOException | RuntimeException ex) {
			System.out.println("redis-benchmark unavailable (" + ex.getMessage() + "): its column is left out. "
					+ "Install redis-tools or set REDIS_BENCHMARK.");
			return Optional.empty();
		}
	}

	private boolean works() throws IOException {
		return run(Path.of("."), List.of(this.executable.toString(), "--version"), this.environment).contains("redis-benchmark");
	}

	/**
	 * Fills the keys that GET reads, then measures.
	 * @param port the server's port
	 * @param test {@code get} or {@code set}
	 * @param clients concurrent connections
	 * @param requests total requests
	 * @return the measurement
	 */
	Measurement measure(int port, String test, int clients, int requests) throws IOException {
		List<String> common = List.of(this.executable.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-d",
				"200", "-r", "1000");
		List<String> fill = new ArrayList<>(common);
		fill.addAll(List.of("-t", "set", "-n", "20000", "-c", "8", "-q"));
		run(Path.of("."), fill, this.environment);
		List<String> command = new ArrayList<>(common);
		command.addAll(List.of("-t", test, "-n", Integer.toString(requests), "-c", Integer.toString(clients), "--csv"));
		String output = run(Path.of("."), command, this.environment);
		for (String line : output.split("\n")) {
			String[] fields = line.replace("\"", "").split(",");
			if (fields.length >= 7 && fields[0].equalsIgnoreCase(test)) {
				return new Measurement("redis-benchmark", test.equals("get") ? "HIT" : "PUT", clients,
						Double.parseDouble(fields[1]), Double.parseDouble(fields[4]) * 1000,
						Double.parseDouble(fields[6]) * 1000, 0);
			}
		}
		throw new IOException("Unexpected redis-benchmark output: " + output);
	}

	private static String run(Path directory, List<String> command, Map<String, String> environment) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IOException(String.join(" ", command) + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		return output;
	}

}
