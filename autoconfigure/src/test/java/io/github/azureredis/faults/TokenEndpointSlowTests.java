package io.github.azureredis.faults;

import java.time.Duration;

import io.github.azureredis.health.EntraIdHealthIndicator;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.testsupport.Load;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every token request takes longer than the request timeout: cache calls never wait for it (their latency does
 * not change), the health check says so, and once the endpoint answers in time the token is refreshed.
 */
@Tag("integration")
class TokenEndpointSlowTests {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * A call that waited for a token request would wait up to the request timeout; one that did not is served from
	 * Redis in milliseconds. Half the request timeout tells them apart on a loaded machine.
	 */
	private static final Duration NOT_WAITING = REQUEST_TIMEOUT.dividedBy(2);

	@Test
	void slowTokenEndpointBlocksNoCacheCall() {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofSeconds(12))) {
			azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("azure.redis.token.refresh-ratio=0.25",
						"azure.redis.token.request-timeout=" + REQUEST_TIMEOUT.toMillis() + "ms",
						"azure.redis.token.retry-initial-backoff=500ms", "azure.redis.token.retry-max-backoff=1s")
				.run((context) -> {
					BookService books = context.getBean(BookService.class);
					EntraIdHealthIndicator health = context.getBean(EntraIdHealthIndicator.class);
					for (int i = 0; i < 200; i++) {
						books.find("isbn-" + i);
					}
					azure.credential().latency(REQUEST_TIMEOUT.multipliedBy(3));
					Histogram latencies = new Histogram(60_000_000_000L, 3);
					Load.Result result = Load.run(4, Duration.ofSeconds(6), (thread, i) -> {
						long start = System.nanoTime();
						books.find("isbn-" + (i % 200));
						long elapsed = System.nanoTime() - start;
						synchronized (latencies) {
							latencies.recordValue(elapsed);
						}
					});
					Health during = health.health(true);
					assertThat(result.failureCount()).isZero();
					assertThat(Duration.ofNanos(latencies.getMaxValue())).as("slowest cache call")
						.isLessThan(NOT_WAITING);
					assertThat(during.getStatus()).isEqualTo(Status.UP);
					assertThat(String.valueOf(during.getDetails().get("lastError"))).contains("azure.redis.token.request-timeout");
					System.out.printf("Slow token endpoint: %s; cache call p99 %d us, max %d us; health %s%n", result,
							latencies.getValueAtPercentile(99) / 1000, latencies.getMaxValue() / 1000, during.getDetails());

					azure.credential().latency(Duration.ZERO);
					int issued = azure.credential().issuedTokens().size();
					await().atMost(Duration.ofSeconds(5)).until(() -> azure.credential().issuedTokens().size() > issued);
					await().atMost(Duration.ofSeconds(2))
						.until(() -> !health.health(true).getDetails().containsKey("lastError"));
				});
		}
	}

}
