package io.github.azureredis.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.github.azureredis.testsupport.RespClient;

/**
 * One variant on a 3-master Redis Cluster, one master frozen ({@code SIGSTOP}) for six seconds, as the issue that
 * found the global read window described it: 16 threads calling the cached method over 3,000 keys on every shard,
 * and 4 more over the keys of the other shards. Prints, for the healthy shards, p50 and p99 before and during the
 * freeze with their failures, and for the frozen shard the failed calls and the longest wait of one.
 */
public final class FreezeProcess {

	private static final int KEYS = 3000;

	private FreezeProcess() {
	}

	public static void main(String[] args) throws Exception {
		String spec = args[0];
		String nodes = args[1];
		long frozenPid = Long.parseLong(args[2]);
		int frozenPort = Integer.parseInt(args[3]);
		Duration freeze = Duration.ofSeconds(Long.parseLong(args[4]));
		String withTimeout = spec + (spec.contains(":") ? "," : ":") + "spring.data.redis.timeout=1s";
		try (Subject subject = Variant.open(withTimeout, nodes, 0)) {
			List<String> keys = new ArrayList<>();
			for (int i = 0; i < KEYS; i++) {
				keys.add("freeze-" + i);
				subject.read(keys.get(i));
			}
			boolean[] frozenKey = frozenKeys(nodes, keys, frozenPort);
			ConcurrentLinkedQueue<long[]> calls = new ConcurrentLinkedQueue<>();
			AtomicBoolean running = new AtomicBoolean(true);
			List<Thread> threads = new ArrayList<>();
			for (int t = 0; t < 20; t++) {
				boolean healthyOnly = t >= 16;
				Thread thread = new Thread(() -> {
					while (running.get()) {
						int index = ThreadLocalRandom.current().nextInt(KEYS);
						if (healthyOnly && frozenKey[index]) {
							continue;
						}
						long start = System.nanoTime();
						long failed = 0;
						try {
							subject.read(keys.get(index));
						}
						catch (RuntimeException ex) {
							failed = 1;
						}
						calls.add(new long[] { frozenKey[index] ? 1 : 0, start, System.nanoTime() - start, failed });
					}
				});
				thread.setDaemon(true);
				threads.add(thread);
				thread.start();
			}
			Driver.sleep(Duration.ofSeconds(3));
			long frozeAt = System.nanoTime();
			signal("-STOP", frozenPid);
			Driver.sleep(freeze);
			long resumedAt = System.nanoTime();
			signal("-CONT", frozenPid);
			Driver.sleep(Duration.ofSeconds(3));
			running.set(false);
			for (Thread thread : threads) {
				thread.join(30_000);
			}
			List<long[]> all = List.copyOf(calls);
			print(spec, "FREEZE-healthy-before",
					select(all, (call) -> call[0] == 0 && call[1] >= frozeAt - 2_000_000_000L && call[1] < frozeAt));
			print(spec, "FREEZE-healthy-during",
					select(all, (call) -> call[0] == 0 && call[1] >= frozeAt && call[1] < resumedAt));
			print(spec, "FREEZE-frozen-during",
					select(all, (call) -> call[0] == 1 && call[1] >= frozeAt && call[1] < resumedAt));
			print(spec, "FREEZE-after", select(all, (call) -> call[1] >= resumedAt + 1_000_000_000L));
		}
		System.exit(0);
	}

	/** Which keys live on the master that will be frozen, from the cluster's own slot map. */
	private static boolean[] frozenKeys(String nodes, List<String> keys, int frozenPort) {
		String first = nodes.split(",")[0];
		int colon = first.lastIndexOf(':');
		try (RespClient client = RespClient.connect(first.substring(0, colon),
				Integer.parseInt(first.substring(colon + 1)))) {
			Map<Integer, Integer> portBySlot = new HashMap<>();
			for (Object range : (List<?>) client.require("CLUSTER", "SLOTS")) {
				List<?> fields = (List<?>) range;
				int port = ((Long) ((List<?>) fields.get(2)).get(1)).intValue();
				for (long slot = (Long) fields.get(0); slot <= (Long) fields.get(1); slot++) {
					portBySlot.put((int) slot, port);
				}
			}
			boolean[] frozen = new boolean[keys.size()];
			for (int i = 0; i < keys.size(); i++) {
				int slot = (int) client.integer("CLUSTER", "KEYSLOT", "items::" + keys.get(i));
				frozen[i] = portBySlot.get(slot) == frozenPort;
			}
			return frozen;
		}
	}

	private static List<long[]> select(List<long[]> calls, Predicate<long[]> filter) {
		return calls.stream().filter(filter).toList();
	}

	/** A measurement line: calls as "ops", p50 and p99 of their latency, failures as errors. */
	private static void print(String spec, String scenario, List<long[]> calls) {
		long[] nanos = calls.stream().mapToLong((call) -> call[2]).sorted().toArray();
		long failures = calls.stream().filter((call) -> call[3] == 1).count();
		System.out.println(new Measurement(spec, scenario, 16, calls.size(), percentile(nanos, 50) / 1000.0,
				percentile(nanos, 99) / 1000.0, failures)
			.toLine());
	}

	private static long percentile(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100 * sorted.length) - 1);
		return sorted[Math.max(0, index)];
	}

	private static void signal(String signal, long pid) {
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill " + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
