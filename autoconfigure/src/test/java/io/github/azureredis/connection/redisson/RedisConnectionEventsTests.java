package io.github.azureredis.connection.redisson;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;

import static org.assertj.core.api.Assertions.assertThat;

class RedisConnectionEventsTests {

	private final RedisConnectionEvents events = new RedisConnectionEvents();

	private final Renewals renewals = new Renewals();

	@Test
	void listenersRunOncePerRenewalBeforeAnyConnectionAuthenticatesAgain() {
		List<String> happened = new CopyOnWriteArrayList<>();
		this.events.addReauthenticationListener(() -> happened.add("announced"));
		CredentialsResolver resolver = this.events.announcingRenewals(this.renewals);
		// As Redisson does: each open connection waits on the signal, then authenticates.
		for (int connection = 1; connection <= 3; connection++) {
			String name = "AUTH on connection " + connection;
			resolver.nextRenewal().thenRun(() -> happened.add(name));
		}
		assertThat(happened).isEmpty();
		this.renewals.signal();
		assertThat(happened).containsExactly("announced", "AUTH on connection 1", "AUTH on connection 2",
				"AUTH on connection 3");
		// The next renewal is announced again.
		resolver.nextRenewal().thenRun(() -> happened.add("AUTH again"));
		this.renewals.signal();
		assertThat(happened).endsWith("announced", "AUTH again");
	}

	@Test
	void aFailingListenerDoesNotFailTheRenewal() {
		this.events.addReauthenticationListener(() -> {
			throw new IllegalStateException("listener failed");
		});
		CredentialsResolver resolver = this.events.announcingRenewals(this.renewals);
		CompletableFuture<Void> renewal = resolver.nextRenewal().toCompletableFuture();
		this.renewals.signal();
		assertThat(renewal).isCompleted().isNotCompletedExceptionally();
	}

	@Test
	void credentialsAreTheDelegates() {
		CredentialsResolver resolver = this.events.announcingRenewals(this.renewals);
		assertThat(resolver.resolve(null).toCompletableFuture().join().getUsername()).isEqualTo("user");
	}

	/** A resolver whose renewal signal the test fires, a new one after each, as the token manager does. */
	private static final class Renewals implements CredentialsResolver {

		private volatile CompletableFuture<Void> next = new CompletableFuture<>();

		@Override
		public CompletionStage<Credentials> resolve(InetSocketAddress address) {
			return CompletableFuture.completedFuture(new Credentials("user", "token"));
		}

		@Override
		public CompletionStage<Void> nextRenewal() {
			return this.next;
		}

		void signal() {
			CompletableFuture<Void> current = this.next;
			this.next = new CompletableFuture<>();
			current.complete(null);
		}

	}

}
