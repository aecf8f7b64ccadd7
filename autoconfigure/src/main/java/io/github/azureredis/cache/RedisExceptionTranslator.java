package io.github.azureredis.cache;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

import io.github.azureredis.values.UncacheableValueException;

import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * The failures of cache calls on Redisson as Spring's {@link DataAccessException}s, as Spring Data callers expect.
 * Redisson's Spring Data module translates its exceptions ({@link RedissonConnectionFactory#EXCEPTION_TRANSLATION}),
 * but reports a refused or dropped connection as a generic error (which Spring Data would turn into an
 * {@code InvalidDataAccessApiUsageException}: a bug in the caller, which it is not) and an ACL refusal without saying
 * what to grant. Public for the JCache caches, which report these as the causes of their {@code CacheException}s; not
 * an API.
 *
 * @author Azure Redis Cache contributors
 */
public final class RedisExceptionTranslator {

	private RedisExceptionTranslator() {
	}

	/**
	 * Translates a failure of Redisson: a write refused because Redis is full as a value that is not cached
	 * ({@link UncacheableValueException}), an ACL refusal as a {@link PermissionDeniedDataAccessException} that says
	 * what to grant, a lost or refused connection as a {@link RedisConnectionFailureException}, anything else as
	 * Spring Data translates it, or unchanged when it does not.
	 * @param ex the failure
	 * @return the exception to throw
	 */
	static RuntimeException translate(RuntimeException ex) {
		UncacheableValueException redisFull = UncacheableValueException.ifRedisFull(ex);
		if (redisFull != null) {
			return redisFull;
		}
		if (String.valueOf(ex.getMessage()).startsWith("NOPERM")) {
			return new PermissionDeniedDataAccessException("Redis refused access to a cache key (NOPERM): the "
					+ "Redis user may not use the keys of this cache. Grant its ACL or access policy the cache's key "
					+ "pattern, or use keys it may access (spring.cache.redis.key-prefix). The user is "
					+ "spring.data.redis.username, or with Microsoft Entra ID the identity's object id "
					+ "(azure.redis.username).", ex);
		}
		if (connectionLost(ex)) {
			return new RedisConnectionFailureException("Redis could not be reached: " + ex.getMessage(), ex);
		}
		DataAccessException translated = RedissonConnectionFactory.EXCEPTION_TRANSLATION.translate(ex);
		return (translated != null) ? translated : ex;
	}

	/**
	 * Translates the failure of a command waited for: an interruption or a checked exception as a Redisson
	 * failure, then as {@link #translate(RuntimeException)} does.
	 * @param failure the failure
	 * @return the exception to throw
	 */
	public static RuntimeException translate(Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return translate(runtime);
		}
		String message = (failure instanceof InterruptedException) ? "Interrupted while waiting for Redis"
				: String.valueOf(failure);
		return translate(new RedisException(message, failure));
	}

	private static boolean connectionLost(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisConnectionException || cause instanceof ConnectException
					|| cause instanceof ClosedChannelException) {
				return true;
			}
		}
		return false;
	}

}
