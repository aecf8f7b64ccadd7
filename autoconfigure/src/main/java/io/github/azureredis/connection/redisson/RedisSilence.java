package io.github.azureredis.connection.redisson;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.jspecify.annotations.Nullable;
import org.redisson.client.NettyHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.QueryTimeoutException;

/**
 * Whether Redis answers at all. A call that runs out of its time while nothing at all came from Redis since it
 * started, on any of the client's connections, finds Redis silent: frozen, stalled behind a proxy, unreachable, or
 * down and not yet back. Until something comes from Redis again, cache calls fail at once with a
 * {@link QueryTimeoutException}, as they would after their whole timeout, and a {@code PING} a second goes to Redis
 * to find out ({@link #probeWith}; without one, one call a second goes to Redis instead); with
 * {@code azure.redis.cache.fail-open} the method then runs at once instead of after the timeout, for every cache
 * call of a request. The first bytes Redis sends end it, the answer to that {@code PING} or anything else. A call
 * that is merely slow (a large value, one shard of a cluster frozen while the others answer) leaves it alone, since
 * other replies keep arriving. Lettuce and Redisson make every call wait its timeout; neither tells a silent server
 * from a slow command. Watches only the client the starter creates ({@link #watching}): for another client it never
 * finds Redis silent. Off with {@code azure.redis.client.fail-fast-while-silent=false}. Not an API.
 *
 * @author Azure Redis Cache contributors
 */
public final class RedisSilence {

	private static final Logger logger = LoggerFactory.getLogger(RedisSilence.class);

	/** How often Redis is tried while it is silent. */
	static final Duration TRY_INTERVAL = Duration.ofSeconds(1);

	/** How stale the time of the last reply may be: replies are recorded at most once per this much time. */
	private static final long REPLY_GRANULARITY_NANOS = Duration.ofMillis(1).toNanos();

	private final LongSupplier nanoClock;

	private final ChannelHandler replies = new Replies();

	private volatile boolean watching;

	private volatile long lastReply;

	private final AtomicReference<@Nullable Silence> silence = new AtomicReference<>();

	private final TryInterval tries = new TryInterval(TRY_INTERVAL);

	private volatile @Nullable Runnable probe;

	public RedisSilence() {
		this(System::nanoTime);
	}

	RedisSilence(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
		this.lastReply = nanoClock.getAsLong();
	}

	/**
	 * Watches what Redis sends on every connection of the client this hook is set on.
	 * @param previous the hook set before, which keeps running
	 * @return the hook to set
	 */
	public NettyHook watching(NettyHook previous) {
		return new ReplyWatch(previous, this);
	}

	/**
	 * Sets how to find out whether Redis answers again while it is silent, once a second, instead of letting a call
	 * through.
	 * @param probe sends something Redis answers, without waiting for it
	 */
	public void probeWith(Runnable probe) {
		this.probe = probe;
	}

	/** A connection of the watched client opened: from now on its silence can be told. */
	void connectionOpened() {
		this.watching = true;
	}

	/** Something came from Redis. */
	void replied() {
		long now = this.nanoClock.getAsLong();
		if (now - this.lastReply >= REPLY_GRANULARITY_NANOS) {
			this.lastReply = now;
		}
		Silence current = this.silence.get();
		if (current != null && this.silence.compareAndSet(current, null)) {
			logger.info("Redis answers again, {} ms after it fell silent ({} cache calls failed at once meanwhile): "
					+ "cache calls go to Redis again.", Duration.ofNanos(now - current.since()).toMillis(),
					current.failedAtOnce().get());
		}
	}

	/**
	 * A call ran out of its time: Redis is silent if nothing came from it since the call started.
	 * @param callStart when the call started, in {@link System#nanoTime()}'s terms
	 * @param timeout the call's timeout, named as in messages, e.g. {@code spring.data.redis.timeout (1000 ms)}
	 */
	void timedOut(long callStart, String timeout) {
		if (!this.watching || this.lastReply - callStart > 0 || this.silence.get() != null) {
			return;
		}
		long now = this.nanoClock.getAsLong();
		this.tries.restart(now);
		Silence fell = new Silence(callStart, timeout, new AtomicLong());
		if (this.silence.compareAndSet(null, fell)) {
			logger.warn("Redis has not answered anything for {} ms, on any connection: a cache call ran out of its "
					+ "time, {}. Until Redis answers again, cache calls fail at once instead of waiting (with "
					+ "azure.redis.cache.fail-open, their methods run at once); Redis is tried again once a second.",
					Duration.ofNanos(now - callStart).toMillis(), timeout);
			if (this.lastReply - callStart > 0) {
				// A reply came while this was being decided: Redis answers after all.
				replied();
			}
		}
	}

	/**
	 * Lets a call go to Redis unless Redis is silent. Once a second the probe goes to Redis instead, to find out;
	 * without one, the call does.
	 * @throws QueryTimeoutException while Redis is silent
	 */
	public void check() {
		Silence current = this.silence.get();
		if (current == null) {
			return;
		}
		long now = this.nanoClock.getAsLong();
		if (this.tries.due(now)) {
			Runnable probe = this.probe;
			if (probe == null) {
				return;
			}
			try {
				probe.run();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not try Redis while it is silent: {}", ex.toString());
			}
		}
		current.failedAtOnce().incrementAndGet();
		throw new QueryTimeoutException("Redis has not answered anything for "
				+ Duration.ofNanos(now - current.since()).toMillis() + " ms (a call ran out of its time, "
				+ current.timeout() + "): this call failed at once instead of waiting; Redis is tried again once a "
				+ "second");
	}

	/** @return whether Redis is silent now */
	public boolean isSilent() {
		return this.silence.get() != null;
	}

	private record Silence(long since, String timeout, AtomicLong failedAtOnce) {
	}

	/** Records that something came from Redis, on every connection, before any other handler. */
	@ChannelHandler.Sharable
	private final class Replies extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
			replied();
			super.channelRead(ctx, msg);
		}

	}

	private static final class ReplyWatch extends ChainedNettyHook {

		private final RedisSilence silence;

		ReplyWatch(NettyHook previous, RedisSilence silence) {
			super(previous);
			this.silence = silence;
		}

		@Override
		void initialize(Channel channel) {
			channel.pipeline().addFirst("azure-redis-replies", this.silence.replies);
			this.silence.connectionOpened();
		}

	}

}
