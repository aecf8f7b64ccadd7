package io.github.azureredis.metrics;

import java.util.List;

import io.github.azureredis.values.UncacheableValues;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meter {@code azure.redis.cache.uncacheable}: values a cache did not store, tagged with the cache name and the
 * reason ({@code too-large}, {@code not-allowed}, {@code not-faithful}, {@code redis-full},
 * {@code fill-failed}). A count per cache and
 * reason appears when the first such value does.
 *
 * @author Azure Redis Cache contributors
 */
final class UncacheableValuesMetrics implements MeterBinder {

	private final List<UncacheableValues> sources;

	UncacheableValuesMetrics(List<UncacheableValues> sources) {
		this.sources = sources;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.sources.forEach((values) -> values.onFirstCount((cacheName, reason) -> FunctionCounter
			.builder("azure.redis.cache.uncacheable", values, (counts) -> counts.count(cacheName, reason))
			.tag("cache", cacheName)
			.tag("reason", reason.tag())
			.description("Values not cached: too large, of a class not allowed, not read back as written, "
					+ "refused by a full Redis, or a fill after a miss that Redis did not acknowledge")
			.register(registry)));
	}

}
