package io.github.azureredis.connection.redisson;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Whether Redis accepts the identity the client authenticates with, as the connections that authenticated last found
 * it. While Redis refuses it ({@code WRONGPASS}: its ACL user was removed or disabled, its access policy assignment
 * on Azure removed, its password or access key changed), every connection Redisson opens is refused, and a call would
 * wait its whole timeout for one: calls fail at once instead, with a {@link RedisConnectionFailureException} that
 * names the identity and what to check, except one a second, which tries. The first connection Redis accepts again
 * ends it. The refusal is logged once, at WARN, and its end at INFO. Not an API.
 *
 * @author Azure Redis Cache contributors
 */
public final class RedisAccess {

	private static final Logger logger = LoggerFactory.getLogger(RedisAccess.class);

	/** How often a call still tries Redis while it refuses the identity. */
	private static final Duration TRY_INTERVAL = Duration.ofSeconds(1);

	private final AtomicReference<@Nullable Refusal> refusal = new AtomicReference<>();

	private final TryInterval tries = new TryInterval(TRY_INTERVAL);

	/**
	 * A connection authenticated: Redis accepts the identity.
	 */
	public void accepted() {
		Refusal ended = this.refusal.getAndSet(null);
		if (ended != null) {
			logger.info("Redis accepts {} again, {} ms after it refused it: cache calls go to Redis again.",
					ended.identity, Duration.between(ended.since, Instant.now()).toMillis());
		}
	}

	/**
	 * A connection's authentication was refused with {@code WRONGPASS}.
	 * @param node the node that refused it
	 * @param identity who the client authenticated as, e.g. {@code the identity with object id ...}; asked once
	 * per refusal, not for every connection refused
	 * @param advice what to check
	 */
	public void refused(String node, Supplier<String> identity, String advice) {
		this.tries.restart(System.nanoTime());
		if (this.refusal.get() != null) {
			return;
		}
		String who = identity.get();
		Refusal refused = new Refusal(who, Instant.now(), "Redis at " + node + " refuses " + who
				+ " (WRONGPASS): its access to the cache was removed, disabled or never granted, or its password "
				+ "changed. " + advice + " Until Redis accepts it again, cache calls fail at once (one a second still "
				+ "tries) and the client keeps reconnecting; nothing needs a restart.");
		if (this.refusal.compareAndSet(null, refused)) {
			logger.warn(refused.message);
		}
	}

	/** @return what Redis refuses and what to check, or {@code null} while it accepts the identity */
	public @Nullable String refusal() {
		Refusal current = this.refusal.get();
		return (current != null) ? current.message : null;
	}

	/**
	 * Lets a call go to Redis unless Redis refuses the identity; one call a second goes anyway, to find out whether
	 * it accepts it again.
	 * @throws RedisConnectionFailureException while Redis refuses the identity
	 */
	public void check() {
		Refusal current = this.refusal.get();
		if (current == null) {
			return;
		}
		if (this.tries.due(System.nanoTime())) {
			return;
		}
		throw new RedisConnectionFailureException(current.message);
	}

	private record Refusal(String identity, Instant since, String message) {
	}

}
