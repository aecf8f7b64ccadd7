package io.github.azureredis.support;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.Cacheable;

/**
 * A slow computation behind {@code @Cacheable}, with and without {@code sync = true}, counting its calls.
 */
public class SlowService {

	private final AtomicInteger calls = new AtomicInteger();

	@Cacheable(cacheNames = "reports", sync = true)
	public String reportSynchronized(String id) {
		return compute(id);
	}

	@Cacheable(cacheNames = "reports")
	public String report(String id) {
		return compute(id);
	}

	private String compute(String id) {
		this.calls.incrementAndGet();
		try {
			Thread.sleep(300);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "Report " + id;
	}

	public int calls() {
		return this.calls.get();
	}

}
