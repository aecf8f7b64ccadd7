package io.github.azureredis.connection.redisson;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.redisson.client.DefaultNettyHook;
import org.redisson.client.NettyHook;
import org.redisson.client.handler.CommandDecoder;
import org.redisson.client.handler.CommandsQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reply that arrives in several reads is gathered by Redisson's decoder as a composite buffer, not merged into one
 * buffer that is copied as it grows. (That a large value read this way arrives intact, over plain TCP and TLS, is
 * {@code LargeValueReadsTests}.)
 */
class LargeRepliesTests {

	@Test
	void aReplyArrivingInSeveralReadsIsGatheredWithoutMerging() {
		assertThat(compositeBuffersGathering(new LargeReplies(new DefaultNettyHook()))).isPositive();
	}

	@Test
	void withoutItNettyMergesTheReads() {
		// The default this class changes: if Netty or Redisson ever gathered this way themselves, it could go.
		assertThat(compositeBuffersGathering(new DefaultNettyHook())).isZero();
	}

	private static int compositeBuffersGathering(NettyHook hook) {
		CountingAllocator allocator = new CountingAllocator();
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.config().setAllocator(allocator);
		channel.attr(CommandsQueue.COMMANDS_QUEUE).set(new ConcurrentLinkedDeque<>());
		channel.pipeline().addLast(new CommandDecoder("redis"));
		hook.afterChannelInitialization(channel);
		// A bulk string in three reads; no command waits for it, so the decoder reads it and lets it go.
		for (String read : new String[] { "$10\r\nabc", "defg", "hij\r\n" }) {
			channel.writeInbound(Unpooled.copiedBuffer(read, StandardCharsets.US_ASCII));
		}
		channel.finishAndReleaseAll();
		return allocator.composites.get();
	}

	private static final class CountingAllocator extends AbstractByteBufAllocator {

		private final AtomicInteger composites = new AtomicInteger();

		@Override
		public CompositeByteBuf compositeBuffer(int maxNumComponents) {
			this.composites.incrementAndGet();
			return super.compositeBuffer(maxNumComponents);
		}

		@Override
		protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
			return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
		}

		@Override
		protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
			return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
		}

		@Override
		public boolean isDirectBufferPooled() {
			return false;
		}

	}

}
