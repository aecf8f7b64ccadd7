package io.github.azureredis.credentials;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.azureredis.cache.NearCacheProbe;
import io.github.azureredis.maintenance.AzureRedisMaintenance;
import io.github.azureredis.maintenance.AzureRedisMaintenanceEvent.NotificationType;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.testsupport.AzureLikeRedis;
import io.github.azureredis.testsupport.FakeEntraId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pub/Sub connections across token rotations, against an Azure-like Redis that refuses {@code AUTH} on a RESP2
 * connection in subscribed state, as Redis does, and takes its time to authenticate (a token is validated, which
 * widens whatever a client leaves open while it re-authenticates). Two application instances with the near cache
 * (whose invalidations travel on Pub/Sub) and the maintenance listener ({@code AzureRedisEvents}) on, and tokens that
 * rotate every 7.5 s: no connection is closed at expiry, no {@code AUTH} is refused, and after every write
 * that returned, the other instance reads the new value, never its local copy of the old one.
 */
@Tag("integration")
class PubSubReauthenticationTests {

	/**
	 * Renewed at three quarters of their life: 2.5 s before expiry leaves the renewal room to run late on a loaded
	 * machine (with 6 s tokens, a renewal 1.3 s late let two connections reach expiry).
	 */
	private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(10);

	/** Long enough for three rotations per instance. */
	private static final Duration RUN = Duration.ofSeconds(25);

	private static final Duration AUTHENTICATION_DELAY = Duration.ofMillis(200);

	@Test
	void nearCacheAndMaintenanceListenerLiveThroughTokenRotations() {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(TOKEN_LIFETIME)) {
			AzureLikeRedis redis = azure.redis();
			ApplicationContextRunner runner = azure.runner()
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("azure.redis.cache.near-cache.enabled=true",
						"azure.redis.cache.near-cache.probe-interval=1s", "azure.redis.maintenance.enabled=true");
			runner.run((reader) -> runner.run((writer) -> {
				awaitNearCacheReady(reader);
				awaitNearCacheReady(writer);
				AzureRedisMaintenance maintenance = reader.getBean(AzureRedisMaintenance.class);
				await().atMost(Duration.ofSeconds(10)).until(maintenance::isSubscribed);
				redis.delayAuthentication(AUTHENTICATION_DELAY);
				BookService readerBooks = reader.getBean(BookService.class);
				BookService writerBooks = writer.getBean(BookService.class);
				AtomicBoolean running = new AtomicBoolean(true);
				AtomicLong notificationsPublished = new AtomicLong();
				Thread notifications = new Thread(() -> {
					while (running.get()) {
						redis.publish("NotificationType|PubSubReauthenticationTests");
						notificationsPublished.incrementAndGet();
						sleep(Duration.ofMillis(50));
					}
				});
				notifications.start();
				long rounds = 0;
				long localHits = 0;
				List<String> staleReads = new ArrayList<>();
				long end = System.nanoTime() + RUN.toNanos();
				try {
					while (System.nanoTime() < end) {
						String isbn = "rotating-" + (rounds % 10);
						readerBooks.find(isbn);
						int lookupsBefore = readerBooks.lookups();
						readerBooks.find(isbn);
						if (readerBooks.lookups() == lookupsBefore && NearCacheProbe.holds(reader, "books", "books::" + isbn)) {
							localHits++;
						}
						String title = "Title " + rounds;
						writerBooks.rename(isbn, title);
						String read = readerBooks.find(isbn).title();
						if (!read.equals(title)) {
							staleReads.add(java.time.LocalTime.now() + " round " + rounds + ": read '" + read + "' after '" + title
									+ "' was written");
						}
						rounds++;
					}
				}
				finally {
					running.set(false);
					notifications.join();
				}
				List<FakeEntraId.Token> tokens = azure.credential().issuedTokens();
				long received = maintenance.count(NotificationType.UNKNOWN);
				System.out.printf("Pub/Sub across rotations: %d rounds, %d served from local copies, %d stale reads, "
						+ "%d rotations, %s; maintenance notifications published %d, received %d%n", rounds, localHits,
						staleReads.size(), tokens.size() - 1, redis.statistics(), notificationsPublished.get(),
						received);
				assertThat(tokens.size() - 1).as("token rotations, both instances").isGreaterThanOrEqualTo(4);
				assertThat(redis.closedForExpiry()).as("connections closed for expiry").isZero();
				assertThat(redis.refusedWhileSubscribed()).as("AUTH refused on subscribed connections").isZero();
				assertThat(staleReads).as("stale reads").isEmpty();
				assertThat(localHits).as("reads served from local copies between rotations").isPositive();
				// The subscription of the maintenance listener lives on: a notification sent now arrives.
				long before = maintenance.count(NotificationType.UNKNOWN);
				redis.publish("NotificationType|PubSubReauthenticationTests");
				await().atMost(Duration.ofSeconds(5)).until(() -> maintenance.count(NotificationType.UNKNOWN) > before);
			}));
		}
	}

	private static void awaitNearCacheReady(ApplicationContext context) {
		await().atMost(Duration.ofSeconds(10)).until(() -> NearCacheProbe.isReady(context));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
