package io.github.azureredis.metrics;

import java.util.List;

import io.github.azureredis.cache.LoadOutcomes;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meter {@code azure.redis.cache.loads}: how the loads of {@code @Cacheable(sync = true)} methods ended, tagged
 * with the cache name and the {@code result}: misses under leases ({@code leader}, {@code waited},
 * {@code computed-locally}, {@code max-wait}), stale values served ({@code stale}), refreshes ahead of expiry
 * ({@code refreshed}, {@code refresh-failed}). A count per cache and result appears when the first such load does.
 *
 * @author Azure Redis Cache contributors
 */
final class LoadOutcomesMetrics implements MeterBinder {

	private final List<LoadOutcomes> sources;

	LoadOutcomesMetrics(List<LoadOutcomes> sources) {
		this.sources = sources;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.sources.forEach((outcomes) -> outcomes.onFirstCount((cacheName, outcome) -> FunctionCounter
			.builder("azure.redis.cache.loads", outcomes, (counts) -> counts.count(cacheName, outcome))
			.tag("cache", cacheName)
			.tag("result", outcome.tag())
			.description("Loads of @Cacheable(sync = true) methods: misses under a lease (computed as its holder, "
					+ "waited for another instance, computed locally while Redis did not answer, computed after "
					+ "max-wait), stale values served, refreshes ahead of expiry")
			.register(registry)));
	}

}
