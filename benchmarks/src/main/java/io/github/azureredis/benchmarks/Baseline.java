package io.github.azureredis.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An earlier commit of the starter, measured in the same run as the current one: its auto-configuration module is
 * built from {@code git archive} of the commit into {@code target/baseline/<commit>}, and a variant spec ending in
 * {@code @baseline} runs with that jar in place of the current module on the class path. Only the starter's own code
 * differs between the two; every library is the same.
 */
final class Baseline {

	static final String SUFFIX = "@baseline";

	private static final Pattern AUTOCONFIGURE_ENTRY = Pattern
		.compile(".*(autoconfigure[/\\\\]target[/\\\\]classes|azure-redis-cache-spring-boot-\\d[^/\\\\]*\\.jar)$");

	private final String commit;

	private final Path jar;

	private Baseline(String commit, Path jar) {
		this.commit = commit;
		this.jar = jar;
	}

	/**
	 * Builds the auto-configuration module of a commit, or reuses the jar of an earlier run.
	 * @param ref a commit, tag or branch of the repository the benchmark runs in
	 * @return the baseline
	 */
	static Baseline build(String ref) {
		Path root = repositoryRoot();
		String commit = run(root, "git", "rev-parse", "--short", ref).trim();
		Path directory = root.resolve("benchmarks/target/baseline").resolve(commit);
		Path jar = directory.resolve("autoconfigure/target/azure-redis-cache-spring-boot-0.1.0-SNAPSHOT.jar");
		if (!Files.exists(jar)) {
			System.out.printf("Building the baseline %s (%s) in %s%n", ref, commit, directory);
			try {
				Files.createDirectories(directory);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			run(root, "sh", "-c", "git archive --format=tar " + commit + " | tar -x -C " + directory);
			run(directory, mavenBuild());
		}
		return new Baseline(commit, jar);
	}

	/**
	 * The baseline's build, with the local repository and offline mode of the Maven run that started the benchmark
	 * (passed on by the module's exec configuration), so that it resolves what that run resolved.
	 */
	private static String[] mavenBuild() {
		List<String> command = new ArrayList<>(List.of("./mvnw", "-q", "-DskipTests", "-pl", "autoconfigure", "-am"));
		String repository = System.getProperty("benchmark.maven.repo.local");
		if (repository != null && !repository.isBlank()) {
			command.add("-Dmaven.repo.local=" + repository);
		}
		if (Boolean.getBoolean("benchmark.maven.offline")) {
			command.add("-o");
		}
		command.add("package");
		return command.toArray(String[]::new);
	}

	String commit() {
		return this.commit;
	}

	static boolean isBaseline(String spec) {
		return Variant.name(spec).endsWith(SUFFIX);
	}

	/**
	 * The class path of a variant of this baseline: the current one with the baseline's auto-configuration module.
	 * @param classPath the current class path
	 * @return the baseline's class path
	 */
	String classPath(String classPath) {
		List<String> entries = new ArrayList<>();
		boolean replaced = false;
		for (String entry : classPath.split(File.pathSeparator)) {
			if (AUTOCONFIGURE_ENTRY.matcher(entry).matches()) {
				entries.add(this.jar.toString());
				replaced = true;
			}
			else {
				entries.add(entry);
			}
		}
		if (!replaced) {
			throw new IllegalStateException("The starter's auto-configuration is not on the class path: " + classPath);
		}
		return String.join(File.pathSeparator, entries);
	}

	private static Path repositoryRoot() {
		return Path.of(run(Path.of("."), "git", "rev-parse", "--show-toplevel").trim());
	}

	private static String run(Path directory, String... command) {
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed in " + directory);
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
