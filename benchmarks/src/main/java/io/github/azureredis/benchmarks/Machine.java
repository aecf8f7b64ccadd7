package io.github.azureredis.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The machine a run measured: cores, JDK, operating system, and whether other work shared it, judged by the load
 * average before the run started (the benchmark's own processes had not started yet) and after it.
 *
 * @param cores the processors the JVM sees
 * @param jdk the JDK's vendor and version
 * @param os the operating system and architecture
 * @param started when the run started
 * @param loadBefore the 1-minute load average before the run, negative where unknown
 * @param finished when it finished, {@code null} while it runs
 * @param loadAfter the 1-minute load average after it, negative where unknown
 */
record Machine(int cores, String jdk, String os, Instant started, double loadBefore, Instant finished,
		double loadAfter) {

	static Machine now() {
		return new Machine(Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				Instant.now(), load(), null, -1);
	}

	Machine finish() {
		return new Machine(this.cores, this.jdk, this.os, this.started, this.loadBefore, Instant.now(), load());
	}

	/** @return whether other work ran on the machine before the run: a load average above a quarter of the cores */
	boolean loaded() {
		return this.loadBefore > this.cores / 4.0;
	}

	String describe() {
		String duration = (this.finished != null)
				? Duration.between(this.started, this.finished).toMinutes() + " min" : "unfinished";
		return String.format(Locale.ROOT,
				"%d cores, %s, %s; run started %s, took %s; 1-minute load average %.2f before the run, %.2f after "
						+ "it: %s",
				this.cores, this.jdk, this.os, this.started, duration, this.loadBefore, this.loadAfter,
				loaded() ? "**loaded** (other work shared the cores: compare ratios within this run only)"
						: "idle before the run");
	}

	private static double load() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
