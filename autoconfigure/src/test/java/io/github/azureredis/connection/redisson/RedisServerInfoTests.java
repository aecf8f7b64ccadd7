package io.github.azureredis.connection.redisson;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.redisson.client.RedisException;

import static org.assertj.core.api.Assertions.assertThat;

class RedisServerInfoTests {

	@Test
	void aCommandTheServerDoesNotKnowIsAnUnknownCommand() {
		// Redis 6.0 to 7.x and Valkey, as Redisson reports them.
		assertThat(RedisServerInfo.isUnknownCommand(new RedisException(
				"ERR unknown command `GETEX`, with args beginning with: `idle::k`, `PX`, . channel: [id: 0x1]")))
			.isTrue();
		assertThat(RedisServerInfo.isUnknownCommand(new RedisException("ERR unknown command 'GETEX', with args "
				+ "beginning with: 'idle::k' 'PX' "))).isTrue();
		assertThat(RedisServerInfo.isUnknownCommand(new CompletionException(
				new RedisException("ERR unknown command `EVALSHA`, with args beginning with: ")))).isTrue();
	}

	@Test
	void aCommandAScriptCallsThatTheServerDoesNotKnowIsNot() {
		// The script ran: what is unknown is inside it (Redis 6.2, Redis 7.0, Valkey 8).
		assertThat(RedisServerInfo.isUnknownCommand(new RedisException("ERR Error running script (call to f_7ae0): "
				+ "@user_script:1: @user_script: 1: Unknown Redis command called from Lua script"))).isFalse();
		assertThat(RedisServerInfo.isUnknownCommand(new RedisException(
				"ERR Unknown Redis command called from script script: 7ae0, on @user_script:1."))).isFalse();
		assertThat(RedisServerInfo.isUnknownCommand(new RedisException(
				"ERR Unknown command called from script script: 7ae0, on @user_script:1."))).isFalse();
		assertThat(RedisServerInfo.isUnknownCommand(new RedisException("NOSCRIPT No matching script."))).isFalse();
		assertThat(RedisServerInfo.isUnknownCommand(new RedisException(
				"WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
	}

}
