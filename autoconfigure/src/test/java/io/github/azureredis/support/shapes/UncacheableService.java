package io.github.azureredis.support.shapes;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.azureredis.outside.Intruder;
import io.github.azureredis.support.shapes.ValueShapes.Envelope;

import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/**
 * A cached service whose values cannot be cached faithfully, counting how often its methods really run.
 */
public class UncacheableService {

	private final AtomicInteger calls = new AtomicInteger();

	/** A non-static inner class: Jackson can write it but not create it. */
	@Cacheable("uncacheable")
	public Inner inner(String id) {
		this.calls.incrementAndGet();
		return new Inner(id);
	}

	/** As {@link #inner}, through {@code @Cacheable(sync = true)}. */
	@Cacheable(cacheNames = "uncacheable", sync = true)
	public Inner innerSynchronized(String id) {
		this.calls.incrementAndGet();
		return new Inner(id);
	}

	/** An Optional where no declared type says Optional: Jackson writes only its content. */
	@Cacheable("uncacheable")
	public Envelope optionalInObjectField(String id) {
		this.calls.incrementAndGet();
		return new Envelope(Optional.of(id), "meta");
	}

	/** A class outside the allowed packages. */
	@Cacheable("uncacheable")
	public Intruder intruder(String id) {
		this.calls.incrementAndGet();
		return new Intruder();
	}

	/** Not Serializable, for Java serialization. */
	@Cacheable("uncacheable")
	public ValueShapes.Profile profile(String id) {
		this.calls.incrementAndGet();
		return new ValueShapes.Profile(Optional.of(id), Optional.empty());
	}

	/** A record whose field's class Jackson can write but not read back, present only in some values. */
	@Cacheable("orders")
	public Order order(String id) {
		this.calls.incrementAndGet();
		return id.startsWith("untagged") ? new Order(id, null) : new Order(id, new Tag("t"));
	}

	/** A number longer than Jackson reads back, of a class whose shorter values were cached before. */
	@Cacheable("numbers")
	public java.math.BigInteger number(int digits) {
		this.calls.incrementAndGet();
		return new java.math.BigInteger("7".repeat(digits));
	}

	/** A map whose class adds a field, which Jackson would not write. */
	@Cacheable("uncacheable")
	public OwnedMap ownedMap(String owner) {
		this.calls.incrementAndGet();
		OwnedMap map = new OwnedMap();
		map.owner = owner;
		map.put("k", "v");
		return map;
	}

	@CachePut(cacheNames = "uncacheable", key = "#id")
	public Inner replace(String id) {
		this.calls.incrementAndGet();
		return new Inner(id);
	}

	public int calls() {
		return this.calls.get();
	}

	public record Order(String id, Tag tag) {
	}

	/** Written as {@code {"value":...}}; its only constructor takes a differently named string. */
	public static final class Tag {

		private final String value;

		public Tag(String label) {
			this.value = label.trim();
		}

		public String value() {
			return this.value;
		}

	}

	public static class OwnedMap extends java.util.LinkedHashMap<String, String> {

		private String owner;

		public String owner() {
			return this.owner;
		}

	}

	public class Inner {

		private final String id;

		Inner(String id) {
			this.id = id;
		}

		public String id() {
			return this.id;
		}

	}

}
