package io.github.azureredis.cache;

import io.github.azureredis.values.UncacheableValueException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

import org.jspecify.annotations.Nullable;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * The failures of cache calls on Redisson as Spring's {@link DataAccessException}s, as Spring Data callers expect,
 * for the Spring cache and JCache alike. Redisson's Spring Data module translates its exceptions
 * ({@link RedissonConnectionFactory#EXCEPTION_TRANSLATION}), but reports a refused or dropped connection as a generic
 * error (which Spring Data would turn into an {@code InvalidDataAccessApiUsageException}: a bug in the caller, which
 * it is not) and an ACL refusal without saying what to grant; it has no notion of a call that ran out of time with
 * its retries. Not an API.
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
	public static RuntimeException translate(RuntimeException ex) {
		UncacheableValueException redisFull = redisFull(ex);
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
	 * A write that Redis refused because its memory is full: not cached rather than failed, as the caches treat a
	 * value that cannot be cached ({@link UncacheableValueException#redisFull}).
	 * @param ex the failure
	 * @return the value that is not cached, or {@code null} if the failure is another one
	 */
	public static @Nullable UncacheableValueException redisFull(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof RedisOutOfMemoryException) {
				return UncacheableValueException.redisFull(cause);
			}
		}
		return null;
	}

	/**
	 * A call that Redis did not answer in time, its retries included.
	 * @param waited how long the call waited, as the command timeout describes it
	 * @param cause the timeout
	 * @return the exception to throw
	 */
	public static QueryTimeoutException timedOut(String waited, Throwable cause) {
		return new QueryTimeoutException("Redis did not answer within " + waited + ", retries included", cause);
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
