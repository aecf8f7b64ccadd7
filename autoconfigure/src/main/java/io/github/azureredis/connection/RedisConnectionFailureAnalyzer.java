package io.github.azureredis.connection;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;
import org.redisson.client.RedisAuthRequiredException;
import org.redisson.client.RedisWrongPasswordException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a failure to connect to Redis at start-up into a report that names the setting to fix: a refused password
 * or identity, a certificate that does not name the host or is not trusted, TLS against a plain port, nothing
 * listening, an unknown host. Never shows a password or token (Redisson masks them in its messages).
 *
 * @author Azure Redis Cache contributors
 */
class RedisConnectionFailureAnalyzer extends AbstractFailureAnalyzer<RedisStartupConnectionException> {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, RedisStartupConnectionException cause) {
		String where = cause.where();
		Throwable wrongPassword = find(rootFailure, RedisWrongPasswordException.class);
		if (wrongPassword != null) {
			return analysis("Redis refused the credentials (" + where + "): " + redisError(wrongPassword), """
					With an access key, check spring.data.redis.password (and spring.data.redis.username): the key may \
					have been regenerated. With Microsoft Entra ID, grant the identity a data access policy on the \
					cache (the user name is its object id; set azure.redis.username if the token has no 'oid' claim).""",
					cause);
		}
		if (find(rootFailure, RedisAuthRequiredException.class) != null || contains(rootFailure, "NOAUTH")) {
			return analysis("Redis requires authentication, and none was sent (" + where + ")", """
					Set spring.data.redis.password to the cache's access key, or authenticate with Microsoft Entra ID \
					(azure.redis.authentication=entra-id, automatic for Azure host names).""", cause);
		}
		Throwable certificate = find(rootFailure, CertificateException.class);
		if (certificate != null && String.valueOf(certificate.getMessage()).contains("No subject alternative")) {
			return analysis("The server's TLS certificate does not name the host connected to: "
					+ certificate.getMessage(), """
					Connect with a host name the certificate names: set spring.data.redis.host to the cache's DNS name \
					(e.g. mycache.redis.cache.windows.net), not an IP address or an alias. Host name verification \
					stays on.""", cause);
		}
		if (find(rootFailure, CertPathBuilderException.class) != null || contains(rootFailure, "PKIX path")) {
			return analysis("The server's TLS certificate is not trusted (" + where + ")", """
					Trust the certificate authority that signed it: set spring.data.redis.ssl.bundle to an SSL bundle \
					(spring.ssl.bundle.*) holding it. Azure's certificates are trusted by the JDK by default.""", cause);
		}
		if (contains(rootFailure, "not an SSL/TLS record") || contains(rootFailure, "Unrecognized SSL message")) {
			return analysis("TLS was used, but the server answered in plain TCP (" + where + ")", """
					Check spring.data.redis.port (Azure Cache for Redis: 6380 for TLS; Azure Managed Redis: 10000), or \
					turn TLS off with spring.data.redis.ssl.enabled=false for a local server.""", cause);
		}
		if (cause.tls() && (find(rootFailure, TimeoutException.class) != null
				|| contains(rootFailure, "handshake timed out"))) {
			// A plain Redis server reads a TLS hello as the start of a command and waits for the rest: no error,
			// only silence.
			return analysis("TLS was used, but the TLS handshake did not complete in time (" + where + ")", """
					The server may speak plain TCP on this port: check spring.data.redis.port (Azure Cache for Redis: \
					6380 for TLS; Azure Managed Redis: 10000), or turn TLS off with spring.data.redis.ssl.enabled=false \
					for a local server. If the port is right, the network may be dropping packets: check \
					spring.data.redis.connect-timeout.""", cause);
		}
		Throwable tls = find(rootFailure, SSLException.class);
		if (tls != null) {
			return analysis("The TLS handshake with Redis failed (" + where + "): " + firstLine(tls.getMessage()), """
					Check spring.data.redis.ssl.* and the server's TLS settings.""", cause);
		}
		if (find(rootFailure, UnknownHostException.class) != null) {
			return analysis("The Redis host name cannot be resolved (" + where + ")", """
					Check spring.data.redis.host (or spring.data.redis.url).""", cause);
		}
		if (find(rootFailure, ConnectException.class) != null || contains(rootFailure, "Connection refused")) {
			return analysis("Nothing accepted the connection to Redis (" + where + ")", """
					Check spring.data.redis.host and spring.data.redis.port (Azure Cache for Redis: 6380; Azure \
					Managed Redis: 10000), and that the network allows the connection. To start while Redis is \
					unreachable, set azure.redis.client.lazy-initialization=true.""", cause);
		}
		return analysis("Could not connect to Redis (" + where + "): " + firstLine(deepest(rootFailure).getMessage()),
				"""
						Check spring.data.redis.host, spring.data.redis.port and spring.data.redis.connect-timeout. To \
						start while Redis is unreachable, set azure.redis.client.lazy-initialization=true.""", cause);
	}

	private static FailureAnalysis analysis(String description, String action, Throwable cause) {
		return new FailureAnalysis(description, action, cause);
	}

	private static @Nullable Throwable find(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return candidate;
			}
			for (Throwable suppressed : candidate.getSuppressed()) {
				Throwable found = find(suppressed, type);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static boolean contains(Throwable failure, String text) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (String.valueOf(candidate.getMessage()).contains(text)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable deepest(Throwable failure) {
		Throwable deepest = failure;
		while (deepest.getCause() != null && deepest.getCause() != deepest) {
			deepest = deepest.getCause();
		}
		return deepest;
	}

	/** Redis's reply, without the channel and command details Redisson appends. */
	private static String redisError(Throwable failure) {
		String message = firstLine(failure.getMessage());
		int details = message.indexOf(". channel:");
		return (details >= 0) ? message.substring(0, details) : message;
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

}
