package io.github.azureredis.connection;

import io.github.azureredis.connection.redisson.RedisAccess;
import org.redisson.api.RedissonClient;
import org.redisson.spring.data.connection.RedissonConnectionFactory;

import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisSentinelConnection;

/**
 * Redisson's connection factory, whose connections are refused at once while Redis refuses the client's identity
 * ({@link RedisAccess}): templates and the Actuator {@code redis} health check then fail with the reason instead of
 * waiting for Redisson's retries to run out.
 *
 * @author Azure Redis Cache contributors
 */
final class AccessCheckingConnectionFactory extends RedissonConnectionFactory {

	private final RedisAccess access;

	AccessCheckingConnectionFactory(RedissonClient redisson, RedisAccess access) {
		super(redisson);
		this.access = access;
	}

	@Override
	public RedisConnection getConnection() {
		this.access.check();
		return super.getConnection();
	}

	@Override
	public RedisClusterConnection getClusterConnection() {
		this.access.check();
		return super.getClusterConnection();
	}

	@Override
	public RedisSentinelConnection getSentinelConnection() {
		this.access.check();
		return super.getSentinelConnection();
	}

	@Override
	public ReactiveRedisConnection getReactiveConnection() {
		this.access.check();
		return super.getReactiveConnection();
	}

	@Override
	public ReactiveRedisClusterConnection getReactiveClusterConnection() {
		this.access.check();
		return super.getReactiveClusterConnection();
	}

}
