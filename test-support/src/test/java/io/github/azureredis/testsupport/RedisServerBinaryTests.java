package io.github.azureredis.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which redis-server is used: {@code REDIS_SERVER}, then a recent enough one on the PATH, then the embedded binary.
 */
@EnabledOnOs(OS.LINUX)
class RedisServerBinaryTests {

	@TempDir
	private Path directory;

	@Test
	void redisServerOnThePathComesBeforeTheEmbeddedOne() throws IOException {
		Path bin = fakeRedisServer("bin", "7.2.4");
		assertThat(RedisServerBinary.resolve(null, bin + ":/nonexistent")).isEqualTo(bin.resolve("redis-server"));
	}

	@Test
	void redisServerOnThePathOlderThan62IsPassedOver() throws IOException {
		Path bin = fakeRedisServer("bin", "5.0.14");
		assertThat(RedisServerBinary.resolve(null, bin.toString())).isNotEqualTo(bin.resolve("redis-server"))
			.satisfies((path) -> assertThat(RedisServerBinary.version(path)).startsWith("6.2"));
	}

	@Test
	void embeddedBinaryWithoutRedisServerOnThePath() {
		Path path = RedisServerBinary.resolve(null, this.directory.toString());
		assertThat(path.getFileName().toString()).startsWith("redis-server-6.2");
	}

	@Test
	void redisServerVariableComesFirst() throws IOException {
		Path configured = fakeRedisServer("configured", "7.4.0").resolve("redis-server");
		Path onPath = fakeRedisServer("bin", "7.2.4");
		assertThat(RedisServerBinary.resolve(configured.toString(), onPath.toString())).isEqualTo(configured);
	}

	@Test
	void versionComparison() {
		List<Integer> minimum = List.of(6, 2);
		assertThat(RedisServerBinary.isAtLeast("6.2.0", minimum)).isTrue();
		assertThat(RedisServerBinary.isAtLeast("6.2", minimum)).isTrue();
		assertThat(RedisServerBinary.isAtLeast("7.0.15", minimum)).isTrue();
		assertThat(RedisServerBinary.isAtLeast("10.0.0", minimum)).isTrue();
		assertThat(RedisServerBinary.isAtLeast("6.0.16", minimum)).isFalse();
		assertThat(RedisServerBinary.isAtLeast("5.0.14", minimum)).isFalse();
		assertThat(RedisServerBinary.isAtLeast("unknown", minimum)).isFalse();
	}

	private Path fakeRedisServer(String name, String version) throws IOException {
		Path bin = Files.createDirectories(this.directory.resolve(name));
		Path script = bin.resolve("redis-server");
		Files.writeString(script, "#!/bin/sh\necho 'Redis server v=" + version + " sha=00000000:0 malloc=libc bits=64'\n");
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
		return bin;
	}

}
