package io.github.azureredis.observation;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a caller of an observed command or asynchronous operation gets: a future that completes once the observation
 * stopped, and that gives up the observed one when given up. No Redis: the replies are futures the test completes.
 */
class ObservedFuturesTests {

	private final CountDownLatch stopping = new CountDownLatch(1);

	private final CountDownLatch stopMayEnd = new CountDownLatch(1);

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final AzureRedisObservations observations = new AzureRedisObservations(registry(), null, null, null, null,
			true);

	@Test
	void theCallerHasTheReplyOnlyOnceTheCommandsObservationStopped() throws InterruptedException {
		CompletableFuture<String> reply = new CompletableFuture<>();
		CompletableFuture<String> handedOn = this.observations.command("GET", () -> null, 1, null, () -> reply);
		// The reply arrives on another thread (an event loop), whose stop an exporter holds up.
		new Thread(() -> reply.complete("value")).start();
		assertThat(this.stopping.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(handedOn).as("reply handed on while its observation is still stopping").isNotDone();
		this.stopMayEnd.countDown();
		assertThat(handedOn.join()).isEqualTo("value");
		assertThat(this.stopped).singleElement().isInstanceOf(RedisCommandContext.class);
	}

	@Test
	void theCallerHasTheOutcomeOfAnAsynchronousOperationOnlyOnceItsObservationStopped() throws InterruptedException {
		CompletableFuture<Void> written = new CompletableFuture<>();
		CompletableFuture<Void> handedOn = this.observations.cacheOperationAsync("books",
				CacheOperationContext.Operation.PUT, () -> written, (ignored) -> CacheOperationContext.Result.SUCCESS);
		new Thread(() -> written.complete(null)).start();
		assertThat(this.stopping.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(handedOn).isNotDone();
		this.stopMayEnd.countDown();
		handedOn.join();
		assertThat(this.stopped).singleElement()
			.isInstanceOfSatisfying(CacheOperationContext.class,
					(context) -> assertThat(context.getResult()).isEqualTo(CacheOperationContext.Result.SUCCESS));
	}

	@Test
	void givingUpTheHandedOnFutureGivesUpTheCommandAndStillStopsItsObservation() {
		this.stopMayEnd.countDown();
		CompletableFuture<String> reply = new CompletableFuture<>();
		CompletableFuture<String> handedOn = this.observations.command("GET", () -> null, 1, null, () -> reply);
		// What a caller whose time ran out does; Redisson stops retrying a cancelled command.
		assertThat(handedOn.cancel(false)).isTrue();
		assertThat(reply).isCancelled();
		assertThat(this.stopped).singleElement()
			.satisfies((context) -> assertThat(context.getError()).isInstanceOf(CancellationException.class));
	}

	private ObservationRegistry registry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {

			@Override
			public void onStop(Observation.Context context) {
				ObservedFuturesTests.this.stopping.countDown();
				try {
					ObservedFuturesTests.this.stopMayEnd.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				ObservedFuturesTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		return registry;
	}

}
