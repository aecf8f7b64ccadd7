package io.github.azureredis.values;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * A stored value the delegate cannot read (written in another format by an earlier release or another application,
 * or naming a class outside the allowed packages) reads as {@code null}, a miss: the method runs and its value
 * replaces the unreadable one. A warning says why, at most once a minute per instance of this class.
 * <p>
 * A miss is a {@code null} from {@link #deserialize} because that is the only way a serializer can express one:
 * Spring Data's {@code RedisCache} treats a {@code null} it reads as an absent entry, and Redisson's JCache
 * likewise, while an exception fails the call. The warning names what was read ({@code value in cache 'books'}), so
 * the Spring cache makes one instance per cache (see {@link ValueRules}); the work of serializing is not
 * repeated, only this wrapper.
 *
 * @author Azure Redis Cache contributors
 */
final class UnreadableIsMiss implements RedisSerializer<Object> {

	private final RedisSerializer<Object> delegate;

	private final Logger logger;

	private final String subject;

	private final WarningInterval warnings = new WarningInterval(java.time.Duration.ofMinutes(1));

	/**
	 * Creates a serializer.
	 * @param delegate the serializer of values
	 * @param logger the category of the warning
	 * @param subject what an unreadable value is, for the warning: {@code value in cache 'books'}
	 */
	UnreadableIsMiss(RedisSerializer<Object> delegate, Logger logger, String subject) {
		this.delegate = delegate;
		this.logger = logger;
		this.subject = subject;
	}

	@Override
	public byte[] serialize(@Nullable Object value) {
		return this.delegate.serialize(value);
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) {
		try {
			return this.delegate.deserialize(bytes);
		}
		catch (SerializationException ex) {
			if (this.warnings.due()) {
				this.logger.warn("Treating an unreadable {} as a miss: {}", this.subject, ex.getMessage());
			}
			return null;
		}
	}

}
