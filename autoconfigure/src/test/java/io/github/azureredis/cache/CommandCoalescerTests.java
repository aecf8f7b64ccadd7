package io.github.azureredis.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.azureredis.connection.redisson.NodeCommands;
import io.github.azureredis.observation.AzureRedisObservations;
import io.github.azureredis.observation.RedisCommandContext;
import io.github.azureredis.testsupport.LatencyProxy;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command coalescer against a real Redis: what it sends, counted by the server or observed, and how its window
 * follows the round trip.
 */
@Tag("integration")
@Tag("azure-cache-for-redis-6")
class CommandCoalescerTests {

	private static final RedisServer redis = RedisServer.start();

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void fillRedis() {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
			for (int i = 0; i < 50; i++) {
				client.require("SET", "key-" + i, "value-" + i);
			}
		}
	}

	@Test
	void aLoneReadIsAGet() {
		withCoalescer(redis.port(), (coalescer) -> {
			resetStats();
			assertThat(text(coalescer.get(bytes("key-7")).join())).isEqualTo("value-7");
			assertThat(coalescer.get(bytes("absent")).join()).isNull();
			assertThat(calls()).containsExactly(2, 0);
		});
	}

	@Test
	void readsQueuedBehindAFullWindowLeaveTogetherAsMget() {
		withCoalescer(redis.port(), (coalescer) -> {
			resetStats();
			List<CompletableFuture<byte[]>> reads = new ArrayList<>();
			// The server answers nobody for a moment, so the first two reads fill the window and the rest queue. The
			// pause outlasts queuing the 51 reads on the slowest machine (a read queued after it ends would be a GET),
			// and ends well within the client's timeout (a GET that timed out would be sent again).
			try (RespClient client = redis.client()) {
				client.require("CLIENT", "PAUSE", "3000", "ALL");
			}
			for (int i = 0; i < 50; i++) {
				reads.add(coalescer.get(bytes("key-" + i)));
			}
			reads.add(coalescer.get(bytes("absent")));
			for (int i = 0; i < 50; i++) {
				assertThat(text(reads.get(i).join())).isEqualTo("value-" + i);
			}
			assertThat(reads.get(50).join()).isNull();
			long[] calls = calls();
			// Two GETs fill the window; the 49 queued reads leave as one MGET, or as two commands when the replies to
			// the two GETs arrive on two event loops at once, each taking part of the queue (a part of one read is a
			// GET: CI saw 3 GETs once).
			assertThat(calls[0]).as("GET calls").isBetween(2L, 3L);
			assertThat(calls[1]).as("MGET calls").isBetween(1L, 2L);
			assertThat(calls[0] + calls[1]).as("commands for 51 reads").isBetween(3L, 4L);
		});
	}

	@Test
	void fillsQueuedBehindAFullWindowLeaveTogetherAndEachKeepsAValueTheKeyHas() {
		List<RedisCommandContext> commands = new CopyOnWriteArrayList<>();
		withCoalescer(redis.port(), observingCommands(commands), (coalescer) -> {
			List<CompletableFuture<Void>> fills = new ArrayList<>();
			// As above: two fills fill the window while the server answers nobody, the others queue behind them.
			try (RespClient client = redis.client()) {
				client.require("CLIENT", "PAUSE", "3000", "ALL");
			}
			for (int i = 0; i < 60; i++) {
				Duration timeToLive = (i % 2 == 0) ? null : Duration.ofMinutes(5);
				fills.add(coalescer.fill(bytes("key-" + i), bytes("filled-" + i), timeToLive));
			}
			CompletableFuture.allOf(fills.toArray(new CompletableFuture[0])).join();
			try (RespClient client = redis.client()) {
				for (int i = 0; i < 60; i++) {
					// key-0 to key-49 had a value: a fill never replaces one (SET ... NX), alone or in a pipeline.
					assertThat(client.string("GET", "key-" + i)).isEqualTo(((i < 50) ? "value-" : "filled-") + i);
				}
				assertThat(client.string("PTTL", "key-51")).satisfies((life) -> assertThat(Long.parseLong(life))
					.isBetween(1L, Duration.ofMinutes(5).toMillis()));
				assertThat(client.string("PTTL", "key-50")).isEqualTo("-1");
			}
		});
		assertThat(commands).extracting(RedisCommandContext::getCommand).containsOnly("SET");
		// Two SETs alone, then the 58 queued fills in one pipeline, or two when the replies to the two SETs arrive on
		// two event loops at once, each taking part of the queue.
		assertThat(commands).as("commands of 60 fills").hasSizeBetween(3, 4);
		assertThat(commands).filteredOn((command) -> command.getKeys() == 1).hasSizeGreaterThanOrEqualTo(2);
		assertThat(commands.stream().mapToInt(RedisCommandContext::getKeys).sum()).isEqualTo(60);
	}

	@Test
	void aQueuedFillWhoseCallerGaveUpIsNeverSent() {
		withCoalescer(redis.port(), (coalescer) -> {
			List<CompletableFuture<Void>> fills = new ArrayList<>();
			try (RespClient client = redis.client()) {
				client.require("CLIENT", "PAUSE", "2000", "ALL");
			}
			for (int i = 0; i < 10; i++) {
				fills.add(coalescer.fill(bytes("given-up-" + i), bytes("late"), null));
			}
			// What the writer's bound does to a fill once the call's time has run out.
			for (int i = 2; i < 10; i++) {
				assertThat(fills.get(i).completeExceptionally(new TimeoutException("call timed out"))).isTrue();
			}
			fills.get(0).join();
			fills.get(1).join();
			try (RespClient client = redis.client()) {
				assertThat(client.string("GET", "given-up-0")).isEqualTo("late");
				// Queued fills leave once a fill in flight completes, so within milliseconds if they were sent.
				await("fills given up while queued, never sent").during(Duration.ofMillis(500))
					.atMost(Duration.ofSeconds(2))
					.until(() -> client.integer("EXISTS", "given-up-2", "given-up-3", "given-up-4", "given-up-5",
							"given-up-6", "given-up-7", "given-up-8", "given-up-9") == 0);
			}
		});
	}

	@Test
	void eachFillOfAPipelineRefusedByRedisFails() {
		try (RespClient client = redis.client()) {
			client.require("CONFIG", "SET", "maxmemory-policy", "noeviction");
			client.require("CONFIG", "SET", "maxmemory", "1");
		}
		try {
			withCoalescer(redis.port(), AzureRedisObservations.none(), (coalescer) -> {
				List<CompletableFuture<Void>> fills = new ArrayList<>();
				try (RespClient client = redis.client()) {
					client.require("CLIENT", "PAUSE", "3000", "ALL");
				}
				for (int i = 0; i < 10; i++) {
					fills.add(coalescer.fill(bytes("refused-" + i), bytes("value"), null));
				}
				for (CompletableFuture<Void> fill : fills) {
					assertThat(fill).failsWithin(Duration.ofSeconds(10))
						.withThrowableThat()
						.havingCause()
						.isInstanceOf(RedisOutOfMemoryException.class)
						.withMessageContaining("maxmemory");
				}
			});
		}
		finally {
			try (RespClient client = redis.client()) {
				client.require("CONFIG", "SET", "maxmemory", "0");
			}
		}
	}

	@Test
	void theWindowStaysNarrowOnLoopbackAndWidensAcrossASlowerNetwork() {
		int loopbackWindow = windowAfterReads(redis.port());
		int networkWindow;
		try (LatencyProxy proxy = new LatencyProxy(redis.host(), redis.port(), Duration.ofMillis(1).dividedBy(4))) {
			networkWindow = windowAfterReads(proxy.port());
		}
		System.out.printf("Read window: %d commands on loopback, %d behind a 500 us round trip%n", loopbackWindow,
				networkWindow);
		assertThat(loopbackWindow).isLessThan(5);
		// At least 500 us round trip at 50 us per extra command.
		assertThat(networkWindow).isGreaterThanOrEqualTo(10);
	}

	private static int windowAfterReads(int port) {
		int[] window = new int[1];
		withCoalescer(port, (coalescer) -> {
			assertThat(coalescer.window(bytes("key-0"))).isEqualTo(2);
			for (int i = 0; i < 200; i++) {
				assertThat(text(coalescer.get(bytes("key-" + (i % 50))).join())).isEqualTo("value-" + (i % 50));
			}
			window[0] = coalescer.window(bytes("key-0"));
		});
		return window[0];
	}

	private static void withCoalescer(int port, CoalescerTest test) {
		withCoalescer(port, AzureRedisObservations.none(), test);
	}

	private static AzureRedisObservations observingCommands(List<RedisCommandContext> commands) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<RedisCommandContext>() {

			@Override
			public void onStop(RedisCommandContext context) {
				commands.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return context instanceof RedisCommandContext;
			}

		});
		return new AzureRedisObservations(registry, null, null, null, null, true);
	}

	private static void withCoalescer(int port, AzureRedisObservations observations, CoalescerTest test) {
		Config config = new Config();
		config.useSingleServer().setAddress("redis://" + redis.host() + ":" + port).setTimeout(10_000);
		RedissonClient redisson = Redisson.create(config);
		try {
			NodeCommands nodes = Objects.requireNonNull(NodeCommands.of(redisson));
			test.run(new CommandCoalescer(new RedissonCacheStore(redisson, nodes, observations), nodes, 2, 100,
					observations));
		}
		finally {
			redisson.shutdown(0, 5, TimeUnit.SECONDS);
		}
	}

	private static void resetStats() {
		try (RespClient client = redis.client()) {
			client.require("CONFIG", "RESETSTAT");
		}
	}

	/** @return calls of GET and of MGET since the last reset */
	private static long[] calls() {
		long[] calls = new long[2];
		try (RespClient client = redis.client()) {
			calls[0] = client.commandCalls("get");
			calls[1] = client.commandCalls("mget");
		}
		return calls;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	private interface CoalescerTest {

		void run(CommandCoalescer coalescer);

	}

}
