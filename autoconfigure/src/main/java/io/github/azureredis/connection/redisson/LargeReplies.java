package io.github.azureredis.connection.redisson;

import io.netty.channel.Channel;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.redisson.client.NettyHook;
import org.redisson.client.handler.CommandDecoder;

/**
 * Lets Redisson's reply decoder gather a reply that spans many socket reads without copying what it gathered each
 * time it grows. Netty's decoders merge what arrives into one buffer by default: for a value of 20 MB that buffer is
 * reallocated (zeroed) and copied again at every step of its growth, about 50 MB of copies on the connection's event
 * loop, where the replies of every other command of its connections wait. Gathered as a composite buffer, each read
 * stays as it came and the codec copies the value once, into the array it returns. A reply that arrives in one read,
 * as small ones do, is decoded from that read either way. Redisson's configuration has no setting for its decoder's
 * buffer: this finds its decoder by class, an internal.
 * <p>
 * Installed through Redisson's {@link NettyHook}, after any hook the application sets, which it keeps.
 *
 * @author Azure Redis Cache contributors
 */
public final class LargeReplies extends ChainedNettyHook {

	public LargeReplies(NettyHook previous) {
		super(previous);
	}

	@Override
	void initialize(Channel channel) {
		CommandDecoder decoder = channel.pipeline().get(CommandDecoder.class);
		if (decoder != null) {
			decoder.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
		}
	}

}
