package io.github.azureredis.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Starts one variant's application in a fresh JVM and prints its start-up time as a {@link Measurement}: the time
 * Spring Boot reports as "Started ... in" (p50 field) and the JVM's uptime at that point, "process running for" (p99
 * field), in microseconds. Then calls the cache once and prints, as scenario {@code STARTUP-first-call}, the JVM's
 * uptime when that call returned (p50 field) and the call's own time (p99 field): a client that connects on first use,
 * as Lettuce does, connects in that call, after "Started". The parent process alternates the variants.
 */
public final class StartupProcess {

	private static volatile Duration startedIn = Duration.ZERO;

	private static volatile long runningForMillis;

	private StartupProcess() {
	}

	/**
	 * Records what Spring Boot logs as "Started ... in" (called by {@link BenchmarkApplication}'s listener).
	 * @param timeTaken the time to the started event
	 */
	static void started(Duration timeTaken) {
		startedIn = timeTaken;
		runningForMillis = ManagementFactory.getRuntimeMXBean().getUptime();
	}

	public static void main(String[] args) {
		String spec = args[0];
		long errors = 0;
		long firstCallNanos = 0;
		long firstCallReturnedMillis = 0;
		try (Subject subject = Variant.open(spec, args[1], Integer.parseInt(args[2]))) {
			long start = System.nanoTime();
			// A key of its own: the variants share the server, and each writes values in its own format.
			subject.read("startup-" + spec + "-" + ProcessHandle.current().pid());
			firstCallNanos = System.nanoTime() - start;
			firstCallReturnedMillis = ManagementFactory.getRuntimeMXBean().getUptime();
		}
		catch (RuntimeException ex) {
			errors = 1;
			ex.printStackTrace();
		}
		System.out.println(new Measurement(spec, "STARTUP", 1, 0, startedIn.toNanos() / 1000.0,
				runningForMillis * 1000.0, errors)
			.toLine());
		System.out.println(new Measurement(spec, "STARTUP-first-call", 1, 0, firstCallReturnedMillis * 1000.0,
				firstCallNanos / 1000.0, errors)
			.toLine());
		System.exit(0);
	}

}
