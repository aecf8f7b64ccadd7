package io.github.azureredis.starter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import io.github.azureredis.testsupport.GeneratedDocs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an application gets from the starter (its runtime classpath, as Maven resolves it for a user), held to the
 * footprint docs/footprint.md states: at most 35 MB, and native libraries only where the starter uses them.
 */
class FootprintTests {

	private static final long MAX_BYTES = 35_000_000;

	/** Jars with native code the starter uses: epoll (Redis transport) and JNA (developer sign-ins of azure-identity). */
	private static final Pattern ALLOWED_NATIVE = Pattern.compile("netty-transport-native-epoll-.*|jna-\\d.*");

	private static final Pattern NATIVE_LIBRARY = Pattern.compile(".*\\.(so|dll|dylib|jnilib)$");

	private static List<Path> jars;

	@BeforeAll
	static void readClasspath() throws IOException {
		String file = System.getProperty("runtime.classpath.file");
		assertThat(file).as("system property runtime.classpath.file (set by the starter's build)").isNotNull();
		jars = Arrays.stream(Files.readString(Path.of(file)).trim().split(File.pathSeparator))
			.map(Path::of)
			.toList();
		Map<String, Long> sizes = new TreeMap<>();
		for (Path jar : jars) {
			sizes.put(jar.getFileName().toString(), Files.size(jar));
		}
		System.out.println("Runtime classpath of the starter: " + jars.size() + " jars, " + total() + " bytes");
		sizes.forEach((name, size) -> System.out.printf(Locale.ROOT, "%,12d  %s%n", size, name));
	}

	@Test
	void atMost35Megabytes() throws IOException {
		assertThat(total()).isLessThanOrEqualTo(MAX_BYTES);
	}

	@Test
	void documentationStatesTheFootprint() throws IOException {
		List<Path> libraries = jars.stream()
			.filter((jar) -> jar.getFileName().toString().endsWith(".jar") && !isTheStartersOwn(jar))
			.toList();
		long bytes = 0;
		List<String> withNativeCode = new ArrayList<>();
		for (Path jar : libraries) {
			bytes += Files.size(jar);
			if (hasNativeLibraries(jar)) {
				withNativeCode.add(jar.getFileName().toString());
			}
		}
		Collections.sort(withNativeCode);
		GeneratedDocs.check("docs/footprint.md", "classpath",
				String.format(Locale.ROOT, "With Spring Boot %s: **%d jars, %.1f MB** besides the starter's own, native code "
						+ "only in %s.", SpringBootVersion.getVersion(), libraries.size(), bytes / 1_000_000.0,
						String.join(", ", withNativeCode.stream().map((name) -> "`" + name + "`").toList())));
	}

	/** A module of this build: from its target directory, or installed under the starter's group. */
	private static boolean isTheStartersOwn(Path jar) {
		return jar.startsWith(GeneratedDocs.ROOT)
				|| jar.toString().replace(File.separatorChar, '/').contains("/io/github/azureredis/");
	}

	private static boolean hasNativeLibraries(Path jar) throws IOException {
		try (JarFile contents = new JarFile(jar.toFile())) {
			return contents.stream().anyMatch((entry) -> NATIVE_LIBRARY.matcher(entry.getName()).matches());
		}
	}

	@Test
	void nativeLibrariesOnlyWhereTheStarterUsesThem() throws IOException {
		for (Path jar : jars) {
			String name = jar.getFileName().toString();
			if (!ALLOWED_NATIVE.matcher(name).matches()) {
				try (JarFile contents = new JarFile(jar.toFile())) {
					assertThat(contents.stream().map((entry) -> entry.getName()).filter((entry) -> NATIVE_LIBRARY.matcher(entry).matches()))
						.as("native libraries in %s", name)
						.isEmpty();
				}
			}
		}
	}

	@Test
	void noNettyHttpStackNorLibrariesOnlyOptionalRedissonFeaturesUse() {
		assertThat(names()).noneMatch((name) -> name.startsWith("azure-core-http-netty")
				|| name.startsWith("netty-codec-http") || name.startsWith("netty-codec-native-quic")
				|| name.startsWith("netty-tcnative") || name.startsWith("reactor-netty")
				|| name.startsWith("byte-buddy") || name.startsWith("rxjava") || name.startsWith("jodd")
				|| name.startsWith("lettuce-core"));
		assertThat(names()).anyMatch((name) -> name.startsWith("azure-core-http-jdk-httpclient"));
	}

	@Test
	void oneVersionOfEachLibrary() {
		// Jars from the local repository: <group path>/<artifact>/<version>/<artifact>-<version>[-classifier].jar
		Map<String, String> versions = new TreeMap<>();
		for (Path jar : jars) {
			String version = jar.getParent().getFileName().toString();
			if (!jar.getFileName().toString().contains("-" + version)) {
				continue; // a module of this build, from its target directory
			}
			String artifact = jar.getParent().getParent().toString();
			String previous = versions.put(artifact, version);
			assertThat(previous == null || previous.equals(version)).as("two versions of %s", artifact).isTrue();
		}
		assertThat(versions).hasSizeGreaterThan(jars.size() / 2);
		assertThat(version(versions, "/net/java/dev/jna/jna")).as("JNA as azure-identity's jna-platform needs it")
			.isEqualTo(version(versions, "/net/java/dev/jna/jna-platform"));
	}

	private static String version(Map<String, String> versions, String artifact) {
		return versions.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().replace(File.separatorChar, '/').endsWith(artifact))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow();
	}

	private static List<String> names() {
		return jars.stream().map((jar) -> jar.getFileName().toString()).toList();
	}

	private static long total() throws IOException {
		long total = 0;
		for (Path jar : jars) {
			total += Files.size(jar);
		}
		return total;
	}

}
