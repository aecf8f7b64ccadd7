package io.github.azureredis.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import io.github.azureredis.testsupport.FreePorts;
import io.github.azureredis.testsupport.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The executable jar, as it would be deployed: no development-time code or binaries inside, a clear failure without a
 * Redis host, and a working cache with one, also on Java 25 without a warning.
 */
class PackagedSampleIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Path jar = Path.of(System.getProperty("sample.jar"));

	@TempDir
	private Path directory;

	@Test
	void carriesNoTestCodeNorDevelopmentTimeRedis() throws IOException {
		try (JarFile contents = new JarFile(this.jar.toFile())) {
			List<String> names = contents.stream().map(ZipEntry::getName).toList();
			assertThat(names).contains("BOOT-INF/classes/io/github/azureredis/sample/SampleApplication.class")
				.noneMatch((name) -> name.contains("TestSampleApplication") || name.contains("LocalRedisConfiguration")
						|| name.contains("azure-redis-cache-test-support") || name.contains("embedded-redis")
						|| name.contains("redis-server") || name.contains("bcprov") || name.contains("bcpkix")
						|| name.contains("junit") || name.contains("netty-tcnative")
						|| name.contains("netty-codec-native-quic"));
		}
	}

	@Test
	void withoutRedisHostFailsFastNamingTheVariable() throws Exception {
		Started application = start(javaCommand(), Map.of());
		boolean exited = application.process().waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		String output = application.output();
		assertThat(exited).as("ended by itself:%n%s", output).isTrue();
		assertThat(application.process().exitValue()).isNotZero();
		assertThat(output).contains("APPLICATION FAILED TO START", "SPRING_DATA_REDIS_HOST", "spring.data.redis.host")
			.doesNotContain("Tomcat started");
	}

	@Test
	void withRedisHostCachesLookups() throws Exception {
		assertCachesLookups(javaCommand());
	}

	@Test
	void startsWithoutWarningOnJava25() throws Exception {
		Path java25 = Path.of(System.getProperty("java25.home", ""), "bin", "java");
		assumeTrue(Files.isExecutable(java25), "no JDK 25 at " + java25);
		String output = assertCachesLookups(java25.toString());
		assertThat(output).doesNotContain("WARNING");
	}

	private String assertCachesLookups(String java) throws Exception {
		try (RedisServer redis = RedisServer.start()) {
			int port = FreePorts.find();
			Started application = start(java, Map.of("SPRING_DATA_REDIS_HOST", redis.host(), "SPRING_DATA_REDIS_PORT",
					Integer.toString(redis.port()), "SERVER_PORT", Integer.toString(port)));
			try {
				HttpClient client = HttpClient.newHttpClient();
				HttpRequest lookup = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/products/42"))
					.timeout(Duration.ofSeconds(10))
					.build();
				HttpResponse<String> first = awaitStarted(client, lookup, application);
				HttpResponse<String> second = client.send(lookup, HttpResponse.BodyHandlers.ofString());
				assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");
				assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT");
				assertThat(second.body()).isEqualTo(first.body());
				return application.output();
			}
			finally {
				application.process().destroy();
				application.process().waitFor(30, TimeUnit.SECONDS);
			}
		}
	}

	private static HttpResponse<String> awaitStarted(HttpClient client, HttpRequest request, Started application)
			throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (true) {
			assertThat(application.process().isAlive()).as("application running:%n%s", application.output()).isTrue();
			try {
				return client.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				assertThat(System.nanoTime()).as("started within %s:%n%s", START_TIMEOUT, application.output())
					.isLessThan(deadline);
				Thread.sleep(250);
			}
		}
	}

	private Started start(String java, Map<String, String> environment) throws IOException {
		Path output = Files.createTempFile(this.directory, "sample", ".log");
		List<String> command = new ArrayList<>(List.of(java, "-jar", this.jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().keySet().removeIf((name) -> name.startsWith("SPRING_") || name.startsWith("AZURE_"));
		builder.environment().putAll(environment);
		return new Started(builder.start(), output);
	}

	private static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private record Started(Process process, Path log) {

		String output() throws IOException {
			return Files.readString(this.log);
		}

	}

}
