package io.github.azureredis.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.github.azureredis.support.BookService.Book;

/**
 * Load on a cached service over keys spread across the shards of a Redis Cluster, recording every call: which shard
 * its key lives on, when it started, how long it took, whether it failed and whether its value was right. Tests then
 * ask what calls to one shard saw while another was frozen.
 */
public final class ShardLoad implements AutoCloseable {

	private final List<String> keys;

	private final int[] shards;

	private final BookService books;

	private final Collection<Call> calls = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> threads = new ArrayList<>();

	/**
	 * Starts the load.
	 * @param books the cached service
	 * @param keys the keys (ISBNs) to read
	 * @param shards the shard of each key, by index
	 * @param threadCount the number of calling threads
	 * @return the running load
	 */
	public static ShardLoad start(BookService books, List<String> keys, int[] shards, int threadCount) {
		return start(books, keys, shards, threadCount, 0, -1);
	}

	/**
	 * Starts the load, with further threads that read only keys off one shard: while that shard does not answer,
	 * a thread of the first kind spends most of its time waiting for it, and makes few calls elsewhere; these keep
	 * measuring the other shards.
	 * @param books the cached service
	 * @param keys the keys (ISBNs) to read
	 * @param shards the shard of each key, by index
	 * @param threadCount the number of threads reading every key
	 * @param otherShardThreads the number of threads reading only keys off {@code avoidedShard}
	 * @param avoidedShard the shard those threads avoid
	 * @return the running load
	 */
	public static ShardLoad start(BookService books, List<String> keys, int[] shards, int threadCount,
			int otherShardThreads, int avoidedShard) {
		ShardLoad load = new ShardLoad(books, keys, shards);
		List<Integer> everyKey = java.util.stream.IntStream.range(0, keys.size()).boxed().toList();
		List<Integer> otherKeys = everyKey.stream().filter((index) -> shards[index] != avoidedShard).toList();
		for (int i = 0; i < threadCount + otherShardThreads; i++) {
			List<Integer> indexes = (i < threadCount) ? everyKey : otherKeys;
			Thread thread = new Thread(() -> load.run(indexes), "shard-load-" + i);
			thread.setDaemon(true);
			load.threads.add(thread);
			thread.start();
		}
		return load;
	}

	private ShardLoad(BookService books, List<String> keys, int[] shards) {
		this.books = books;
		this.keys = keys;
		this.shards = shards;
	}

	private void run(List<Integer> indexes) {
		while (this.running.get()) {
			int index = indexes.get(ThreadLocalRandom.current().nextInt(indexes.size()));
			String isbn = this.keys.get(index);
			long start = System.nanoTime();
			Throwable failure = null;
			boolean wrong = false;
			try {
				Book book = this.books.find(isbn);
				wrong = !book.isbn().equals(isbn) || !book.title().equals("Title of " + isbn);
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			this.calls.add(new Call(this.shards[index], start, System.nanoTime() - start, failure, wrong));
		}
	}

	/**
	 * Stops the load.
	 * @return every call made
	 */
	public List<Call> stop() {
		this.running.set(false);
		for (Thread thread : this.threads) {
			try {
				thread.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return List.copyOf(this.calls);
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * The calls that match.
	 * @param calls calls
	 * @param filter which
	 * @return those that match
	 */
	public static List<Call> select(List<Call> calls, Predicate<Call> filter) {
		return calls.stream().filter(filter).toList();
	}

	/**
	 * A percentile of the durations of calls.
	 * @param calls the calls
	 * @param percentile e.g. 99
	 * @return the duration
	 */
	public static Duration percentile(List<Call> calls, double percentile) {
		long[] nanos = calls.stream().mapToLong(Call::durationNanos).sorted().toArray();
		if (nanos.length == 0) {
			return Duration.ZERO;
		}
		int index = (int) Math.min(nanos.length - 1, Math.ceil(percentile / 100 * nanos.length) - 1);
		return Duration.ofNanos(nanos[Math.max(0, index)]);
	}

	/**
	 * One call.
	 *
	 * @param shard the shard of its key
	 * @param startNanos when it started ({@link System#nanoTime()})
	 * @param durationNanos how long it took
	 * @param failure what it threw, or {@code null}
	 * @param wrongValue whether it returned a wrong value
	 */
	public record Call(int shard, long startNanos, long durationNanos, Throwable failure, boolean wrongValue) {

		/** @return whether it failed */
		public boolean failed() {
			return this.failure != null;
		}

		/** @return how long it took */
		public Duration duration() {
			return Duration.ofNanos(this.durationNanos);
		}

		/**
		 * Whether it started in a window.
		 * @param fromNanos start of the window ({@link System#nanoTime()})
		 * @param toNanos end of the window
		 * @return {@code true} if it started within
		 */
		public boolean startedWithin(long fromNanos, long toNanos) {
			return this.startNanos >= fromNanos && this.startNanos < toNanos;
		}

	}

}
