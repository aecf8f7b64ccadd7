package io.github.azureredis.values;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.redisson.client.RedisOutOfMemoryException;

import org.springframework.data.redis.serializer.SerializationException;

/**
 * A value the cache does not store: too large, or not writable in a form that reads back as it was. The cache
 * returns the method's result uncached and evicts the key's older entry; the call does not fail.
 *
 * @author Azure Redis Cache contributors
 */
public class UncacheableValueException extends SerializationException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	private final String valueClass;

	private final List<String> classes;

	/**
	 * Creates an exception.
	 * @param reason why the value is not cached
	 * @param valueClass the class of the value
	 * @param message what went wrong and what to do about it
	 * @param cause the cause, if any
	 */
	public UncacheableValueException(Reason reason, String valueClass, String message, @Nullable Throwable cause) {
		this(reason, valueClass, List.of(), message, cause);
	}

	/**
	 * Creates an exception.
	 * @param reason why the value is not cached
	 * @param valueClass the class of the value
	 * @param message what went wrong and what to do about it
	 */
	public UncacheableValueException(Reason reason, String valueClass, String message) {
		this(reason, valueClass, List.of(), message, null);
	}

	/**
	 * Creates an exception.
	 * @param reason why the value is not cached
	 * @param valueClass the class of the value
	 * @param classes the classes the value holds that may be at fault (those not checked before)
	 * @param message what went wrong and what to do about it
	 * @param cause the cause, if any
	 */
	public UncacheableValueException(Reason reason, String valueClass, List<String> classes, String message,
			@Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.valueClass = valueClass;
		this.classes = List.copyOf(classes);
	}

	/**
	 * A value its serializer refused: with Java serialization, a class that is not {@code Serializable}.
	 * @param value the value
	 * @param ex what the serializer said
	 * @return the exception, saying what to do
	 */
	public static UncacheableValueException notSerializable(Object value, RuntimeException ex) {
		return new UncacheableValueException(Reason.NOT_FAITHFUL, value.getClass().getName(), "values of class "
				+ value.getClass().getTypeName() + " are not cached: they cannot be serialized (" + ex.getMessage()
				+ "). With azure.redis.cache.serialization=jdk cached classes must implement java.io.Serializable; the "
				+ "default, serialization=json, does not need it.", ex);
	}

	/**
	 * A write Redis refused because its memory is full ({@code OOM command not allowed when used memory >
	 * 'maxmemory'}): the value is not cached, as a value that cannot be is not, rather than the call failing.
	 * @param failure a failure of a write, possibly wrapped
	 * @return the exception, saying what to check, or {@code null} if the failure is another one
	 */
	public static @Nullable UncacheableValueException ifRedisFull(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof RedisOutOfMemoryException) {
				// Not Redisson's message: it shows the command's arguments, the key and the value.
				return new UncacheableValueException(Reason.REDIS_FULL, "", "Redis is full: it refused the write "
						+ "(OOM: its used memory is over maxmemory). Values are returned uncached until it has room "
						+ "again; reads and evictions go on. Give Redis more memory (a larger tier), or let it make "
						+ "room: a maxmemory-policy that evicts (allkeys-lru evicts any key; volatile-lru, the default "
						+ "of Azure Cache for Redis, only keys with a time-to-live, so give cached entries one: "
						+ "spring.cache.redis.time-to-live).", cause);
			}
		}
		return null;
	}

	/** @return why the value is not cached */
	public Reason getReason() {
		return this.reason;
	}

	/** @return the class of the value */
	public String getValueClass() {
		return this.valueClass;
	}

	/** @return the classes the value holds that may be at fault, empty when only its own class is known */
	public List<String> getClasses() {
		return this.classes;
	}

	/**
	 * Why a value is not cached.
	 */
	public enum Reason {

		/** Larger than {@code azure.redis.cache.max-value-size}. */
		TOO_LARGE("too-large"),

		/** A class it holds is not in {@code azure.redis.cache.allowed-packages}. */
		NOT_ALLOWED("not-allowed"),

		/** It cannot be written, or does not read back as it was written. */
		NOT_FAITHFUL("not-faithful"),

		/**
		 * Redis refused the write ({@code OOM}): its memory is full and its {@code maxmemory-policy} evicts nothing
		 * that could make room.
		 */
		REDIS_FULL("redis-full"),

		/**
		 * Redis did not acknowledge the write that filled the cache after a miss, whose caller had gone on
		 * ({@code azure.redis.cache.pipelined-fills}): it timed out, or its connection was lost.
		 */
		FILL_FAILED("fill-failed");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		/** @return the value of the meter tag {@code reason} */
		public String tag() {
			return this.tag;
		}

	}

}
