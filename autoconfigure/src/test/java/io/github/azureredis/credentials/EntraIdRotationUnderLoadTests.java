package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.azureredis.health.EntraIdHealthIndicator;
import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.LogLevels;
import io.github.azureredis.support.Secrets;
import io.github.azureredis.testsupport.AzureLikeRedis.ConnectionInfo;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.Load;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight threads call {@code @Cacheable} methods (hits, misses and evictions) across token rotations, against a
 * server that closes every connection whose token expires: no call fails, no connection is closed, and every
 * connection open at a rotation re-authenticates with the new token. The default suite runs a few rotations; the
 * soak ({@code ./mvnw -Psoak verify}) runs for {@code soak.duration} (default two minutes).
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class EntraIdRotationUnderLoadTests {

	private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(10);

	/** How soon after a new token every open connection must have re-authenticated. */
	private static final Duration REAUTHENTICATION_WINDOW = Duration.ofSeconds(2);

	@Test
	void everyConnectionReauthenticatesAtEveryRotationUnderLoad(CapturedOutput output) {
		rotateUnderLoad(Duration.ofSeconds(25), output);
	}

	@Test
	@Tag("soak")
	void soak(CapturedOutput output) {
		Duration duration = Duration.parse(System.getProperty("soak.duration", "PT2M"));
		assertThat(duration).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
		rotateUnderLoad(duration, output);
	}

	private void rotateUnderLoad(Duration duration, CapturedOutput output) {
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(TOKEN_LIFETIME);
				LogLevels debug = LogLevels.debug("io.github.azureredis", "org.redisson.client",
						"org.redisson.connection")) {
			azure.runner().withUserConfiguration(CachingConfiguration.class).run((context) -> {
				BookService books = context.getBean(BookService.class);
				Load.Result result = Load.run(8, duration, (thread, i) -> {
					String isbn = "isbn-" + (i % 500);
					if (i % 10 == 0) {
						books.evict(isbn);
					}
					BookService.Book book = books.find(isbn);
					if (!book.isbn().equals(isbn)) {
						throw new IllegalStateException("Wrong value for " + isbn + ": " + book);
					}
				});
				Instant end = Instant.now();

				assertThat(result.failureCount()).as("failed calls: %s", result).isZero();
				assertThat(result.calls()).isGreaterThan(1000);
				assertThat(books.lookups()).as("misses happened").isGreaterThan(100);
				assertThat(azure.redis().closedForExpiry()).as("connections closed for expiry").isZero();

				List<FakeEntraId.Token> tokens = azure.credential().issuedTokens();
				assertThat(tokens).hasSizeGreaterThan(1);
				long expectedRotations = duration.toMillis() / (TOKEN_LIFETIME.toMillis() * 3 / 4) - 1;
				assertThat(tokens.size() - 1).as("rotations").isGreaterThanOrEqualTo((int) expectedRotations);
				int checked = 0;
				List<ConnectionInfo> connections = azure.redis().connections();
				for (FakeEntraId.Token token : tokens.subList(1, tokens.size())) {
					Instant rotation = token.issuedAt();
					if (rotation.plus(REAUTHENTICATION_WINDOW).isAfter(end)) {
						continue;
					}
					for (ConnectionInfo connection : connections) {
						if (connection.wasOpenAcross(rotation, REAUTHENTICATION_WINDOW)) {
							assertThat(connection.authenticatedBetween(rotation, rotation.plus(REAUTHENTICATION_WINDOW)))
								.as("connection %d re-authenticated after the rotation at %s", connection.id(), rotation)
								.isTrue();
							checked++;
						}
					}
				}
				assertThat(checked).as("connection-rotation pairs checked").isGreaterThanOrEqualTo(tokens.size() - 1);

				EntraIdTokenManager manager = context.getBean(EntraIdTokenManager.class);
				assertThat(manager.reauthenticationCount()).isGreaterThanOrEqualTo(checked);
				assertThat(context.getBean(EntraIdHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
				System.out.printf("Rotation under load: %s, %d rotations, %d connections, %d re-authentications, "
						+ "%d closed for expiry%n", result, tokens.size() - 1, connections.size(),
						azure.redis().reauthentications(), azure.redis().closedForExpiry());
			});
			Secrets.assertNoTokenIn(output.getAll(), azure.credential());
		}
	}

}
