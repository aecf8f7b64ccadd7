package io.github.azureredis.values;

import org.springframework.util.unit.DataSize;

/**
 * A serialized value larger than {@code azure.redis.cache.max-value-size}.
 *
 * @author Azure Redis Cache contributors
 */
final class ValueTooLargeException extends UncacheableValueException {

	private static final long serialVersionUID = 1L;

	ValueTooLargeException(Object value, int size, DataSize limit) {
		super(Reason.TOO_LARGE, value.getClass().getName(), "a value of class " + value.getClass().getTypeName()
				+ " is not cached: its serialized size of " + size + " bytes exceeds azure.redis.cache.max-value-size ("
				+ limit.toBytes() + " bytes)");
	}

}
