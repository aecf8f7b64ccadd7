package io.github.azureredis.support.shapes;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.azureredis.support.shapes.ValueShapes.Item;

import org.springframework.cache.annotation.Cacheable;

/**
 * A cached service returning every value shape, counting how often its methods really run.
 */
public class ShapeService {

	private final AtomicInteger calls = new AtomicInteger();

	@Cacheable("shapes")
	public Object get(String name) {
		this.calls.incrementAndGet();
		return ValueShapes.named(name).value().get();
	}

	@Cacheable(cacheNames = "shapes", key = "'optional:' + #id")
	public Optional<Item> optional(String id) {
		this.calls.incrementAndGet();
		return Optional.of(ValueShapes.item(id));
	}

	public int calls() {
		return this.calls.get();
	}

}
