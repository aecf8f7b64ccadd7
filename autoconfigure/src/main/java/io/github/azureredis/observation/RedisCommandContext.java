package io.github.azureredis.observation;

import java.net.InetSocketAddress;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What is known of a Redis command a cache sends, for its observation. Never the keys or values.
 *
 * @author Azure Redis Cache contributors
 */
public class RedisCommandContext extends Observation.Context {

	private final String command;

	private final @Nullable InetSocketAddress node;

	private final int keys;

	/**
	 * Creates a context.
	 * @param command the command name, e.g. {@code GET}
	 * @param node the node it is sent to (of a shard: its master), {@code null} if not known yet
	 * @param keys how many keys it carries
	 */
	public RedisCommandContext(String command, @Nullable InetSocketAddress node, int keys) {
		this.command = command;
		this.node = node;
		this.keys = keys;
	}

	/** @return the command name */
	public String getCommand() {
		return this.command;
	}

	/** @return the node the command is sent to, {@code null} if not known yet */
	public @Nullable InetSocketAddress getNode() {
		return this.node;
	}

	/** @return how many keys the command carries */
	public int getKeys() {
		return this.keys;
	}

}
