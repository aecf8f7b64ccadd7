package io.github.azureredis.values.json;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.azureredis.values.ClassAllowList;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The classes of stored values that could not be read back lately, for ten minutes after each such read: a check per
 * class passes once for a value that reads back, yet another value of the same class may not (a number longer than
 * Jackson reads, a map key longer than it accepts), and without a check it would be written again on every miss,
 * never to be read. Every write of such a class is checked while it is listed.
 *
 * @author Azure Redis Cache contributors
 */
final class UnreadableClasses {

	private static final Duration LISTED = Duration.ofMinutes(10);

	private final JsonMapper mapper;

	private final ClassAllowList allowList;

	private final Map<String, Long> until = new ConcurrentHashMap<>();

	UnreadableClasses(JsonMapper mapper, ClassAllowList allowList) {
		this.mapper = mapper;
		this.allowList = allowList;
	}

	/**
	 * Lists the class a stored value names, if any.
	 * @param json the value as stored
	 */
	void add(byte[] json) {
		String name = rootClass(json);
		if (name != null) {
			this.until.put(name, System.nanoTime() + LISTED.toNanos());
		}
	}

	/**
	 * Whether a class is listed.
	 * @param type a class
	 * @return {@code true} if a value of it could not be read in the last ten minutes
	 */
	boolean contains(Class<?> type) {
		if (this.until.isEmpty()) {
			return false;
		}
		Long deadline = this.until.get(type.getName());
		if (deadline == null) {
			return false;
		}
		if (System.nanoTime() - deadline > 0) {
			this.until.remove(type.getName(), deadline);
			return false;
		}
		return true;
	}

	/** The class named first in a typed JSON value, if it is one the allow-list admits; nothing is loaded. */
	private @Nullable String rootClass(byte[] json) {
		try (JsonParser parser = this.mapper.createParser(json)) {
			if (parser.nextToken() != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.VALUE_STRING) {
				return null;
			}
			String type = parser.getString();
			int generic = type.indexOf('<');
			String name = (generic > 0) ? type.substring(0, generic) : type;
			return this.allowList.allows(name) ? name : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
