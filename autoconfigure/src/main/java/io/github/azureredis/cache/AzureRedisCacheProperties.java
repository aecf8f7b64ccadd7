package io.github.azureredis.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The starter's cache settings, beyond Spring Boot's {@code spring.cache.*} properties, which it honours. Unknown keys
 * under {@code azure.redis.cache} fail start-up, so that a typo does not go unnoticed.
 *
 * @author Azure Redis Cache contributors
 */
@ConfigurationProperties("azure.redis.cache")
public class AzureRedisCacheProperties {

	/**
	 * Settings of individual caches, by cache name. Caches not listed use the defaults of spring.cache.redis.*.
	 */
	private Map<String, CacheSpec> caches = new LinkedHashMap<>();

	/**
	 * Whether caches that are neither listed here nor in spring.cache.cache-names are created on first use.
	 */
	private boolean dynamic = true;

	/**
	 * Whether puts and evictions inside a transaction wait for its commit.
	 */
	private boolean transactionAware;

	/**
	 * Whether a cache that cannot be reached only slows the application: cache errors are logged and the annotated
	 * method runs as if the cache missed. Off by default, as in Spring, where cache errors fail the call.
	 */
	private boolean failOpen;

	/**
	 * How cached values are written to Redis.
	 */
	private Serialization serialization = Serialization.JSON;

	/**
	 * Packages whose classes may be read back from cache values (JSON or Java-serialized) and JCache keys,
	 * sub-packages included, besides the application's own packages (those of @SpringBootApplication and
	 * @AutoConfigurationPackage), common JDK value types (strings, numbers, dates, collections) and Spring Data's page
	 * types, which are always allowed.
	 */
	private List<String> allowedPackages = new ArrayList<>();

	/**
	 * Largest serialized value that is cached. A larger value is not stored (and any older entry for the key is
	 * evicted), with a warning. Unlimited when not set.
	 */
	private @Nullable DataSize maxValueSize;

	/**
	 * Whether the write that fills the cache after a @Cacheable miss leaves without the caller waiting for its reply.
	 * It stores the value unless the key has one by then; this instance's reads and writes of the key wait for it
	 * meanwhile; a failed fill is counted and logged. @CachePut, @CacheEvict, clears, writes under a lease and caches
	 * with fail-safe wait for their replies either way.
	 */
	private boolean pipelinedFills = true;

	/**
	 * Spread of the expiry of entries written together: each entry's time to live is shortened by a random amount
	 * up to this, so that it lives between time-to-live less the jitter and time-to-live. At most half of the time to
	 * live. None when not set.
	 */
	private @Nullable Duration timeToLiveJitter;

	/**
	 * How long after its time to live an entry may still stand in for the value of a @Cacheable(sync = true) method
	 * that fails (or outlasts soft-timeout): the entry is kept in Redis this much longer, and after its time to live a
	 * call computes the value again, but gets the stale one should the method throw. Off when not set.
	 */
	private @Nullable Duration failSafe;

	/**
	 * With a stale value at hand (fail-safe), the longest a @Cacheable(sync = true) call waits for the method before it
	 * gets the stale value; the method then finishes on the application's task executor and its value is written.
	 * Needs fail-safe. Off when not set.
	 */
	private @Nullable Duration softTimeout;

	/**
	 * Fraction of an entry's time to live after which a hit on a @Cacheable(sync = true) method returns the value and
	 * recomputes it in the background, once across the instances (under the key's lease), for example 0.8. Off when not
	 * set.
	 */
	private @Nullable Double refreshAhead;

	private final NearCache nearCache = new NearCache();

	private final Batching batching = new Batching();

	private final Lease lease = new Lease();

	public Map<String, CacheSpec> getCaches() {
		return this.caches;
	}

	public void setCaches(Map<String, CacheSpec> caches) {
		this.caches = caches;
	}

	public boolean isDynamic() {
		return this.dynamic;
	}

	public void setDynamic(boolean dynamic) {
		this.dynamic = dynamic;
	}

	public boolean isTransactionAware() {
		return this.transactionAware;
	}

	public void setTransactionAware(boolean transactionAware) {
		this.transactionAware = transactionAware;
	}

	public boolean isFailOpen() {
		return this.failOpen;
	}

	public void setFailOpen(boolean failOpen) {
		this.failOpen = failOpen;
	}

	public Serialization getSerialization() {
		return this.serialization;
	}

	public void setSerialization(Serialization serialization) {
		this.serialization = serialization;
	}

	public List<String> getAllowedPackages() {
		return this.allowedPackages;
	}

	public void setAllowedPackages(List<String> allowedPackages) {
		this.allowedPackages = allowedPackages;
	}

	public @Nullable DataSize getMaxValueSize() {
		return this.maxValueSize;
	}

	public void setMaxValueSize(@Nullable DataSize maxValueSize) {
		this.maxValueSize = maxValueSize;
	}

	public boolean isPipelinedFills() {
		return this.pipelinedFills;
	}

	public void setPipelinedFills(boolean pipelinedFills) {
		this.pipelinedFills = pipelinedFills;
	}

	public @Nullable Duration getTimeToLiveJitter() {
		return this.timeToLiveJitter;
	}

	public void setTimeToLiveJitter(@Nullable Duration timeToLiveJitter) {
		this.timeToLiveJitter = timeToLiveJitter;
	}

	public @Nullable Duration getFailSafe() {
		return this.failSafe;
	}

	public void setFailSafe(@Nullable Duration failSafe) {
		this.failSafe = failSafe;
	}

	public @Nullable Duration getSoftTimeout() {
		return this.softTimeout;
	}

	public void setSoftTimeout(@Nullable Duration softTimeout) {
		this.softTimeout = softTimeout;
	}

	public @Nullable Double getRefreshAhead() {
		return this.refreshAhead;
	}

	public void setRefreshAhead(@Nullable Double refreshAhead) {
		this.refreshAhead = refreshAhead;
	}

	public NearCache getNearCache() {
		return this.nearCache;
	}

	public Batching getBatching() {
		return this.batching;
	}

	public Lease getLease() {
		return this.lease;
	}

	/**
	 * How values are serialized.
	 */
	public enum Serialization {

		/**
		 * JSON with the class name of each value, read back only for classes of the allowed packages: plain records
		 * and POJOs work without implementing Serializable, and a value written into Redis by someone else cannot
		 * make the application instantiate an arbitrary class.
		 */
		JSON,

		/**
		 * Java serialization, as Spring Boot's Redis cache does by default: values must implement Serializable, and
		 * are read back only through an allow-list (the application's packages, allowed-packages, JDK value types),
		 * checked before a class is loaded.
		 */
		JDK

	}

	/**
	 * Settings of one cache.
	 */
	public static class CacheSpec {

		/**
		 * Time after which an entry expires. Default: spring.cache.redis.time-to-live.
		 */
		private @Nullable Duration timeToLive;

		/**
		 * Time after which an entry that was not read expires; every read restarts it (Redis GETEX). Cannot be
		 * combined with time-to-live.
		 */
		private @Nullable Duration maxIdle;

		/**
		 * Spread of the expiry of entries written together, at most half of the time to live. Default:
		 * azure.redis.cache.time-to-live-jitter.
		 */
		private @Nullable Duration timeToLiveJitter;

		/**
		 * Most entries of the cache. Not supported: Redis holds one key per entry with no per-cache count, so
		 * setting it fails start-up; bound Redis memory with the server's maxmemory policy instead, and the local
		 * copies with azure.redis.cache.near-cache.max-size.
		 */
		private @Nullable Integer maxSize;

		/**
		 * Whether null results are cached. Default: spring.cache.redis.cache-null-values.
		 */
		private @Nullable Boolean cacheNullValues;

		/**
		 * Whether this cache keeps local copies of entries. Default: azure.redis.cache.near-cache.enabled.
		 */
		private @Nullable Boolean nearCache;

		/**
		 * How long after its time to live an entry may stand in for a failing method. Default:
		 * azure.redis.cache.fail-safe.
		 */
		private @Nullable Duration failSafe;

		/**
		 * The longest a call with a stale value at hand waits for the method. Default: azure.redis.cache.soft-timeout.
		 */
		private @Nullable Duration softTimeout;

		/**
		 * Fraction of an entry's time to live after which a hit recomputes it in the background. Default:
		 * azure.redis.cache.refresh-ahead.
		 */
		private @Nullable Double refreshAhead;

		/**
		 * Whether the write after a miss leaves without the caller waiting for its reply. Default:
		 * azure.redis.cache.pipelined-fills.
		 */
		private @Nullable Boolean pipelinedFills;

		private final CacheLease lease = new CacheLease();

		public @Nullable Boolean getPipelinedFills() {
			return this.pipelinedFills;
		}

		public void setPipelinedFills(@Nullable Boolean pipelinedFills) {
			this.pipelinedFills = pipelinedFills;
		}

		public @Nullable Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(@Nullable Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public @Nullable Duration getMaxIdle() {
			return this.maxIdle;
		}

		public void setMaxIdle(@Nullable Duration maxIdle) {
			this.maxIdle = maxIdle;
		}

		public @Nullable Duration getTimeToLiveJitter() {
			return this.timeToLiveJitter;
		}

		public void setTimeToLiveJitter(@Nullable Duration timeToLiveJitter) {
			this.timeToLiveJitter = timeToLiveJitter;
		}

		public @Nullable Integer getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable Integer maxSize) {
			this.maxSize = maxSize;
		}

		public @Nullable Boolean getCacheNullValues() {
			return this.cacheNullValues;
		}

		public void setCacheNullValues(@Nullable Boolean cacheNullValues) {
			this.cacheNullValues = cacheNullValues;
		}

		public @Nullable Boolean getNearCache() {
			return this.nearCache;
		}

		public void setNearCache(@Nullable Boolean nearCache) {
			this.nearCache = nearCache;
		}

		public @Nullable Duration getFailSafe() {
			return this.failSafe;
		}

		public void setFailSafe(@Nullable Duration failSafe) {
			this.failSafe = failSafe;
		}

		public @Nullable Duration getSoftTimeout() {
			return this.softTimeout;
		}

		public void setSoftTimeout(@Nullable Duration softTimeout) {
			this.softTimeout = softTimeout;
		}

		public @Nullable Double getRefreshAhead() {
			return this.refreshAhead;
		}

		public void setRefreshAhead(@Nullable Double refreshAhead) {
			this.refreshAhead = refreshAhead;
		}

		public CacheLease getLease() {
			return this.lease;
		}

	}

	/**
	 * The lease settings of one cache; those not set are azure.redis.cache.lease.*.
	 */
	public static class CacheLease {

		/**
		 * Whether a miss of a @Cacheable(sync = true) method of this cache is computed once across the instances.
		 */
		private @Nullable Boolean enabled;

		/**
		 * How long a lease lasts unless its holder releases it (it stopped).
		 */
		private @Nullable Duration duration;

		/**
		 * Longest time a caller waits for another instance's computation.
		 */
		private @Nullable Duration maxWait;

		/**
		 * Whether the misses of this cache's @Cacheable methods without sync = true take leases too. Default:
		 * azure.redis.cache.lease.without-sync.
		 */
		private @Nullable Boolean withoutSync;

		public @Nullable Boolean getWithoutSync() {
			return this.withoutSync;
		}

		public void setWithoutSync(@Nullable Boolean withoutSync) {
			this.withoutSync = withoutSync;
		}

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getDuration() {
			return this.duration;
		}

		public void setDuration(@Nullable Duration duration) {
			this.duration = duration;
		}

		public @Nullable Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(@Nullable Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	/**
	 * One computation per key across the instances of an application for @Cacheable(sync = true) methods: a lease
	 * per key in Redis.
	 */
	public static class Lease {

		/**
		 * Whether a miss of a @Cacheable(sync = true) method is computed once across the instances: the instance that
		 * takes the key's lease in Redis computes and writes the value, the others wait for it. Otherwise each
		 * instance computes once.
		 */
		private boolean enabled = true;

		/**
		 * How long a lease lasts unless its holder releases it: if the instance computing a value stops, another
		 * takes over after this time. Longer than the slowest computation, or a second instance computes too.
		 */
		private Duration duration = Duration.ofSeconds(10);

		/**
		 * Longest time a caller waits for another instance's computation before computing itself. Default: the
		 * lease duration.
		 */
		private @Nullable Duration maxWait;

		/**
		 * Whether the misses of @Cacheable methods without sync = true take leases too: the instance that takes the
		 * key's lease gets the miss and computes, the method's value releases it; the others wait for that value. A
		 * method that throws, or whose value is not cached (unless), leaves its lease to expire (duration), and the
		 * others wait until then (at most max-wait).
		 */
		private boolean withoutSync;

		public boolean isWithoutSync() {
			return this.withoutSync;
		}

		public void setWithoutSync(boolean withoutSync) {
			this.withoutSync = withoutSync;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getDuration() {
			return this.duration;
		}

		public void setDuration(Duration duration) {
			this.duration = duration;
		}

		public @Nullable Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(@Nullable Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	/**
	 * Local copies of cache entries, kept correct by invalidation messages.
	 */
	public static class NearCache {

		/**
		 * Whether caches keep local copies of entries, so that a repeated hit is served from memory. A write through
		 * any instance's cache returns once every instance has dropped its copy.
		 */
		private boolean enabled;

		/**
		 * Most local copies per cache; the least valuable are evicted first.
		 */
		private int maxSize = 10_000;

		/**
		 * Longest time a local copy is kept, and never longer than the entry lives in Redis.
		 */
		private Duration timeToLive = Duration.ofMinutes(10);

		/**
		 * Interval of the probe that checks the invalidation subscription is alive. Until a probe comes back, local
		 * copies are neither served nor kept.
		 */
		private Duration probeInterval = Duration.ofSeconds(10);

		/**
		 * Longest time a write waits for the other instances to confirm that they dropped their local copies. A write
		 * returns once all have confirmed; after this time it returns anyway, with a warning.
		 */
		private Duration invalidationTimeout = Duration.ofSeconds(1);

		/**
		 * Pub/Sub channel of invalidation messages, shared by the instances of an application. In a cluster, one
		 * channel per node: this name with a hash tag whose slot the node serves.
		 */
		private String channel = "azure-redis-cache:near-cache:invalidations";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

		public Duration getInvalidationTimeout() {
			return this.invalidationTimeout;
		}

		public void setInvalidationTimeout(Duration invalidationTimeout) {
			this.invalidationTimeout = invalidationTimeout;
		}

		public String getChannel() {
			return this.channel;
		}

		public void setChannel(String channel) {
			this.channel = channel;
		}

	}

	/**
	 * How concurrent cache reads, and the fills of misses, share commands.
	 */
	public static class Batching {

		/**
		 * Whether reads that queue up behind reads in flight are sent together as one MGET, and fills that queue up
		 * behind fills in flight as one pipeline of SET NX commands.
		 */
		private boolean enabled = true;

		/**
		 * Read commands, and fill pipelines, in flight at once to a node before further ones queue up, where round
		 * trips are short (loopback, same host). Across a network one more is allowed per 50 us of the shortest recent
		 * round trip, up to 32, so that queued reads do not wait a round trip.
		 */
		private int maxInFlight = 2;

		/**
		 * Most keys in one MGET, or fills in one pipeline.
		 */
		private int maxKeys = 64;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		public int getMaxKeys() {
			return this.maxKeys;
		}

		public void setMaxKeys(int maxKeys) {
			this.maxKeys = maxKeys;
		}

	}

}
