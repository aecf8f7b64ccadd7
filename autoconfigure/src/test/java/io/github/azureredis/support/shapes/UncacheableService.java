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

	@CachePut(cacheNames = "uncacheable", key = "#id")
	public Inner replace(String id) {
		this.calls.incrementAndGet();
		return new Inner(id);
	}

	public int calls() {
		return this.calls.get();
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
