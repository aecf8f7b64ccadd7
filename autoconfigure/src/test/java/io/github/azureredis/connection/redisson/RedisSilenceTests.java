package io.github.azureredis.connection.redisson;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.client.DefaultNettyHook;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RedisSilence}: what tells a silent Redis from a slow call, and what ends it, on a clock of the test's own.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisSilenceTests {

	private static final String TIMEOUT = "spring.data.redis.timeout (1000 ms)";

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final RedisSilence silence = new RedisSilence(this.clock::get);

	@Test
	void aCallThatRanOutWithNothingFromRedisSinceItStartedFindsRedisSilent(CapturedOutput output) {
		this.silence.connectionOpened();
		long start = this.clock.get();
		advance(Duration.ofSeconds(1));
		this.silence.timedOut(start, TIMEOUT);
		assertThat(this.silence.isSilent()).isTrue();
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check)
			.withMessage("Redis has not answered anything for 1000 ms (a call ran out of its time, "
					+ "spring.data.redis.timeout (1000 ms)): this call failed at once instead of waiting; Redis is "
					+ "tried again once a second");
		assertThat(output).containsOnlyOnce("Redis has not answered anything for 1000 ms, on any connection")
			.contains("Redis is tried again once a second");
	}

	@Test
	void aCallThatRanOutWhileRedisAnsweredOthersIsOnlySlow() {
		this.silence.connectionOpened();
		long start = this.clock.get();
		advance(Duration.ofMillis(5));
		this.silence.replied();
		advance(Duration.ofSeconds(1));
		this.silence.timedOut(start, TIMEOUT);
		assertThat(this.silence.isSilent()).isFalse();
		assertThatCode(this.silence::check).doesNotThrowAnyException();
	}

	@Test
	void anotherClientIsNeverFoundSilent() {
		long start = this.clock.get();
		advance(Duration.ofSeconds(1));
		this.silence.timedOut(start, TIMEOUT);
		assertThat(this.silence.isSilent()).isFalse();
		assertThatCode(this.silence::check).doesNotThrowAnyException();
	}

	@Test
	void aPingASecondGoesToRedisWhileEveryCallFailsAtOnce() {
		AtomicLong pings = new AtomicLong();
		this.silence.probeWith(pings::incrementAndGet);
		fallSilent();
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
		advance(Duration.ofMillis(999));
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
		assertThat(pings).hasValue(0);
		advance(Duration.ofMillis(1));
		assertThatExceptionOfType(QueryTimeoutException.class).as("the call of this second")
			.isThrownBy(this.silence::check);
		assertThat(pings).hasValue(1);
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
		advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
		assertThat(pings).hasValue(2);
	}

	@Test
	void aProbeThatFailsToBeSentFailsOnlyTheCall() {
		this.silence.probeWith(() -> {
			throw new IllegalStateException("client shut down");
		});
		fallSilent();
		advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
	}

	@Test
	void withoutAProbeOneCallASecondStillGoesToRedis() {
		fallSilent();
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
		advance(Duration.ofMillis(999));
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
		advance(Duration.ofMillis(1));
		assertThatCode(this.silence::check).as("the call of this second").doesNotThrowAnyException();
		assertThatExceptionOfType(QueryTimeoutException.class).as("the next one").isThrownBy(this.silence::check);
		advance(Duration.ofSeconds(1));
		assertThatCode(this.silence::check).as("the call of the next second").doesNotThrowAnyException();
	}

	@Test
	void anythingFromRedisEndsTheSilence(CapturedOutput output) {
		fallSilent();
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(this.silence::check);
		advance(Duration.ofMillis(1500));
		this.silence.replied();
		assertThat(this.silence.isSilent()).isFalse();
		assertThatCode(this.silence::check).doesNotThrowAnyException();
		assertThat(output).containsOnlyOnce("Redis answers again, 2500 ms after it fell silent (2 cache calls failed "
				+ "at once meanwhile): cache calls go to Redis again.");
	}

	@Test
	void theHookWatchesEveryReadOfAConnectionBeforeRedissonsHandlers() {
		EmbeddedChannel channel = new EmbeddedChannel();
		this.silence.watching(new DefaultNettyHook()).afterChannelInitialization(channel);
		assertThat(channel.pipeline().names()).startsWith("azure-redis-replies");
		long start = this.clock.get();
		advance(Duration.ofMillis(5));
		channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { '+', 'O', 'K', '\r', '\n' }));
		advance(Duration.ofSeconds(1));
		this.silence.timedOut(start, TIMEOUT);
		assertThat(this.silence.isSilent()).as("a read came after the call started").isFalse();
		channel.finishAndReleaseAll();
	}

	@Test
	void callsOfACommandTimeoutFailAtOnceWhileRedisIsSilent() {
		RedisSilence silence = new RedisSilence();
		silence.connectionOpened();
		CommandTimeout timeout = new CommandTimeout(Duration.ofMillis(50), silence);
		assertThatCode(timeout::checkAnswering).doesNotThrowAnyException();
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> timeout.await(new CompletableFuture<>(), (failure) -> (RuntimeException) failure))
			.withMessageContaining("Redis did not answer within spring.data.redis.timeout (50 ms)");
		assertThat(silence.isSilent()).isTrue();
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(timeout::checkAnswering)
			.withMessageContaining("failed at once");
	}

	@Test
	void callsDuringAnAnnouncedMaintenanceRideThroughRatherThanFailAtOnce() {
		RedisSilence silence = new RedisSilence();
		silence.connectionOpened();
		CommandTimeout timeout = new CommandTimeout(Duration.ofMillis(50), silence);
		timeout.relax(Duration.ofMillis(60));
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> timeout.await(new CompletableFuture<>(), (failure) -> (RuntimeException) failure));
		assertThat(silence.isSilent()).as("a relaxed call that ran out").isFalse();
		timeout.restore();
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> timeout.await(new CompletableFuture<>(), (failure) -> (RuntimeException) failure));
		assertThat(silence.isSilent()).isTrue();
		timeout.relax(Duration.ofMillis(60));
		assertThatCode(timeout::checkAnswering).as("during the maintenance").doesNotThrowAnyException();
	}

	private void fallSilent() {
		this.silence.connectionOpened();
		long start = this.clock.get();
		advance(Duration.ofSeconds(1));
		this.silence.timedOut(start, TIMEOUT);
		assertThat(this.silence.isSilent()).isTrue();
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

}
