package io.github.azureredis.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.azureredis.support.AzureLikeEnvironment;
import io.github.azureredis.support.BookService;
import io.github.azureredis.support.CachingConfiguration;
import io.github.azureredis.support.Secrets;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Redis refuses the application's identity while it runs ({@code WRONGPASS}): with Microsoft Entra ID, its access is
 * revoked on an Azure-like Redis and the next token renewal is refused; with an access key, the ACL user's password
 * changes on a plain Redis and its connections are killed. Health goes DOWN, one warning names the identity and what
 * to check, calls fail at once with that reason instead of waiting for their timeout (one a second still tries), and
 * when access returns the application uses Redis again without a restart.
 */
@Tag("integration")
@ExtendWith(OutputCaptureExtension.class)
class IdentityRefusedTests {

	/** Every call waits at most this long for Redis (spring.data.redis.timeout, the default). */
	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	/** How long the refusal is observed: each second, at most one call may wait for Redis. */
	private static final Duration REFUSED_FOR = Duration.ofSeconds(3);

	@Test
	void entraIdIdentityWhoseAccessIsRevoked(CapturedOutput output) {
		// Tokens renewed every 3 s: the renewal after the revocation is refused.
		try (AzureLikeEnvironment azure = new AzureLikeEnvironment(Duration.ofSeconds(4))) {
			azure.runner()
				.withConfiguration(AutoConfigurations.of(DataRedisHealthContributorAutoConfiguration.class))
				.withUserConfiguration(CachingConfiguration.class)
				.run((context) -> {
					BookService books = context.getBean(BookService.class);
					books.find("before");
					azure.redis().revokeAccess(AzureLikeEnvironment.OBJECT_ID);
					RedisConnectionFailureException refused = awaitRefusal(books);
					assertThat(refused.getMessage()).contains("refuses the Microsoft Entra ID identity with object id "
							+ AzureLikeEnvironment.OBJECT_ID + " (WRONGPASS)")
						.contains("az redis access-policy-assignment list");
					assertCallsFailAtOnce(books);
					assertHealthDown(context, AzureLikeEnvironment.OBJECT_ID);
					azure.redis().restoreAccess(AzureLikeEnvironment.OBJECT_ID);
					awaitRecovery(books);
				});
			assertThat(output.getOut()).containsOnlyOnce("RedisAccess - Redis at ")
				.contains("Redis accepts the Microsoft Entra ID identity with object id "
						+ AzureLikeEnvironment.OBJECT_ID + " again");
			Secrets.assertNoTokenIn(output.getAll(), azure.credential());
		}
	}

	@Test
	void aclUserWhosePasswordChanges(CapturedOutput output) throws Exception {
		Path acl = Files.createTempFile("identity-refused-", ".acl");
		Files.write(acl, List.of("user default off", "user admin on >admin-secret ~* &* +@all",
				"user app on >app-secret ~* &* +@all"));
		try (RedisServer redis = RedisServer.builder().config("aclfile", acl.toString()).start()) {
			new ApplicationContextRunner().withConfiguration(TestAutoConfigurations.all())
				.withConfiguration(AutoConfigurations.of(DataRedisHealthContributorAutoConfiguration.class))
				.withUserConfiguration(CachingConfiguration.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
						"spring.data.redis.username=app", "spring.data.redis.password=app-secret")
				.run((context) -> {
					BookService books = context.getBean(BookService.class);
					books.find("before");
					admin(redis, "ACL", "SETUSER", "app", "resetpass", ">rotated-secret");
					admin(redis, "CLIENT", "KILL", "USER", "app");
					RedisConnectionFailureException refused = awaitRefusal(books);
					assertThat(refused.getMessage()).contains("refuses the Redis user 'app' (WRONGPASS)")
						.contains("spring.data.redis.password")
						.doesNotContain("secret");
					assertCallsFailAtOnce(books);
					assertHealthDown(context, "'app'");
					admin(redis, "ACL", "SETUSER", "app", "resetpass", ">app-secret");
					awaitRecovery(books);
				});
		}
		finally {
			Files.delete(acl);
		}
		assertThat(output.getOut()).doesNotContain("app-secret").doesNotContain("rotated-secret");
	}

	/** Calls fail (after their timeout while the refusal is being found out) until one fails with the reason. */
	private static RedisConnectionFailureException awaitRefusal(BookService books) {
		long start = System.nanoTime();
		RedisConnectionFailureException[] refused = new RedisConnectionFailureException[1];
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			try {
				books.find("refused");
				return false;
			}
			catch (RedisConnectionFailureException ex) {
				refused[0] = ex;
				return ex.getMessage().contains("WRONGPASS");
			}
			catch (RuntimeException ex) {
				return false;
			}
		});
		System.out.printf("Refusal reported %d ms after access was revoked%n",
				Duration.ofNanos(System.nanoTime() - start).toMillis());
		return refused[0];
	}

	/**
	 * While Redis refuses the identity, a call fails without waiting for Redis, except one a second: over
	 * {@link #REFUSED_FOR}, at most one call per second started may wait (up to the timeout, and fail as Redis makes
	 * it), every other one fails at once, with the reason.
	 */
	private static void assertCallsFailAtOnce(BookService books) {
		long end = System.nanoTime() + REFUSED_FOR.toNanos();
		int calls = 0;
		int waited = 0;
		while (System.nanoTime() < end) {
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> books.find("refused"));
			assertThat(failure).as("a call while Redis refuses the identity").isNotNull();
			if (Duration.ofNanos(System.nanoTime() - start).compareTo(TIMEOUT.dividedBy(2)) >= 0) {
				waited++;
			}
			else {
				assertThat(failure).isInstanceOf(RedisConnectionFailureException.class).hasMessageContaining("WRONGPASS");
			}
			calls++;
		}
		System.out.printf("While refused: %d calls in %d ms, %d of them waited for Redis%n", calls,
				REFUSED_FOR.toMillis(), waited);
		assertThat(calls).as("calls made").isGreaterThan(100);
		assertThat(waited).as("calls that waited for Redis").isLessThanOrEqualTo((int) REFUSED_FOR.toSeconds() + 1);
	}

	private static void assertHealthDown(ApplicationContext context, String identity) {
		Health health = context.getBean(DataRedisHealthIndicator.class).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(String.valueOf(health.getDetails().get("error"))).contains("RedisConnectionFailureException")
			.contains(identity)
			.contains("WRONGPASS");
	}

	/** Once access returns, calls succeed again: the client reconnects (at most 2 s apart), a call a second tries. */
	private static void awaitRecovery(BookService books) {
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
			books.find("after");
			return true;
		});
		System.out.printf("First call served %d ms after access returned%n",
				Duration.ofNanos(System.nanoTime() - start).toMillis());
		books.find("after-recovery");
		books.find("after-recovery");
	}

	private static void admin(RedisServer redis, String... command) {
		try (RespClient client = RespClient.connect(redis.host(), redis.port())) {
			client.require("AUTH", "admin", "admin-secret");
			client.require((Object[]) command);
		}
	}

}
