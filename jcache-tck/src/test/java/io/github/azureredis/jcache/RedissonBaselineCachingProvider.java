package io.github.azureredis.jcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.azureredis.testsupport.RedisServer;
import org.redisson.jcache.JCachingProvider;

/**
 * Redisson's own {@code JCachingProvider} on a redis-server of its own, the baseline the starter's results are
 * compared with ({@code ./mvnw -pl jcache-tck verify -Ptck-redisson-baseline}): its default URI is a Redisson
 * configuration file naming that server, which Redisson's provider reads as it reads {@code redisson-jcache.yaml}.
 */
public class RedissonBaselineCachingProvider extends JCachingProvider {

	private static URI configuration;

	@Override
	public synchronized URI getDefaultURI() {
		if (configuration == null) {
			RedisServer redis = RedisServer.start();
			Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "tck-baseline-shutdown"));
			try {
				Path file = Files.createTempFile("redisson-jcache", ".yaml");
				Files.writeString(file, "singleServerConfig:\n  address: \"" + redis.url() + "\"\n");
				file.toFile().deleteOnExit();
				configuration = file.toUri();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return configuration;
	}

}
