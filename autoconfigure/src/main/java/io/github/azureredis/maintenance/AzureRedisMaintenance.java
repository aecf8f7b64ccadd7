package io.github.azureredis.maintenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

import io.github.azureredis.connection.redisson.CommandTimeout;
import io.github.azureredis.connection.redisson.Reconnection;
import io.github.azureredis.maintenance.AzureRedisMaintenanceEvent.NotificationType;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Listens to the maintenance notifications of Azure Cache for Redis on its {@code AzureRedisEvents} Pub/Sub channel,
 * as StackExchange.Redis does for .NET: each is logged, counted, kept among the recent ones (for the health details),
 * published as an {@link AzureRedisMaintenanceEvent}, and acted on ({@link MaintenanceWindow}: a relaxed command
 * timeout while a node is unavailable, reconnection after a failover). Redisson resubscribes the channel when its
 * connection is lost, as it is during a maintenance.
 * <p>
 * Event listeners run on Redisson's thread and must return quickly.
 *
 * @author Azure Redis Cache contributors
 */
public final class AzureRedisMaintenance implements SmartLifecycle, DisposableBean {

	/** The channel Azure Cache for Redis publishes maintenance notifications on. */
	public static final String CHANNEL = "AzureRedisEvents";

	private static final Logger logger = LoggerFactory.getLogger(AzureRedisMaintenance.class);

	private static final int RECENT_EVENTS = 10;

	private static final Duration SUBSCRIBE_RETRY_INTERVAL = Duration.ofSeconds(30);

	private final RedissonClient redisson;

	private final boolean enabled;

	private final MaintenanceWindow window;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	private final TaskScheduler scheduler;

	private final AtomicLongArray counts = new AtomicLongArray(NotificationType.values().length);

	private final Deque<AzureRedisMaintenanceEvent> recent = new ArrayDeque<>();

	private volatile @Nullable Integer listenerId;

	private volatile boolean subscribed;

	private volatile boolean running;

	AzureRedisMaintenance(RedissonClient redisson, boolean enabled, CommandTimeout timeout,
			AzureRedisMaintenanceProperties properties, TaskScheduler scheduler, ApplicationEventPublisher publisher) {
		this.redisson = redisson;
		this.enabled = enabled;
		this.scheduler = scheduler;
		this.clock = scheduler.getClock();
		this.window = new MaintenanceWindow(timeout, properties.getRelaxedTimeout(), properties.getMaxWindow(), scheduler,
				reconnect(redisson, properties));
		this.publisher = publisher;
	}

	/**
	 * One daemon thread, to close a window whose closing notification was lost.
	 * @return a scheduler on the system clock
	 */
	static ThreadPoolTaskScheduler scheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("azure-redis-maintenance-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		return scheduler;
	}

	// Behind a single endpoint only: in a cluster, Redisson's topology scan moves the connections of a shard whose
	// primary changed.
	private static @Nullable Supplier<CompletionStage<Integer>> reconnect(RedissonClient redisson,
			AzureRedisMaintenanceProperties properties) {
		if (!properties.isReconnectAfterFailover() || redisson.getConfig().isClusterConfig()) {
			return null;
		}
		return Reconnection.of(redisson);
	}

	/** @return whether the notifications are listened to (by default on Azure Cache for Redis hosts only) */
	public boolean isEnabled() {
		return this.enabled;
	}

	/** @return whether the subscription to the channel is in place */
	public boolean isSubscribed() {
		return this.subscribed;
	}

	/**
	 * Notifications received so far, of a type.
	 * @param type the type
	 * @return how many
	 */
	public long count(NotificationType type) {
		return this.counts.get(type.ordinal());
	}

	/** @return the most recent notifications, oldest first */
	public List<AzureRedisMaintenanceEvent> recentEvents() {
		synchronized (this.recent) {
			return List.copyOf(this.recent);
		}
	}

	/** @return whether cache calls get the relaxed timeout now */
	public boolean isWindowOpen() {
		return this.window.state().open();
	}

	/** @return when the current window opened, or {@code null} */
	public @Nullable Instant windowOpenedAt() {
		return this.window.state().openedAt();
	}

	/** @return when the current window closes at the latest, or {@code null} */
	public @Nullable Instant windowClosesBy() {
		return this.window.state().closesBy();
	}

	/** @return the command timeout of a cache call starting now */
	public Duration commandTimeout() {
		return this.window.state().commandTimeout();
	}

	@Override
	public void start() {
		this.running = true;
		if (this.enabled) {
			subscribe();
		}
	}

	/**
	 * Subscribes to the channel; when Redis cannot be reached (a lazily connecting client at start-up), tries again
	 * every {@link #SUBSCRIBE_RETRY_INTERVAL}, so that the application starts and listens once Redis answers.
	 */
	private void subscribe() {
		if (!this.running || this.redisson.isShutdown()) {
			return;
		}
		try {
			RTopic topic = this.redisson.getTopic(CHANNEL, StringCodec.INSTANCE);
			topic.addListenerAsync(String.class, (channel, message) -> receive(message))
				.whenComplete((id, failure) -> subscribed(id, failure));
		}
		catch (RuntimeException ex) {
			subscribed(null, ex);
		}
	}

	private void subscribed(@Nullable Integer id, @Nullable Throwable failure) {
		if (failure != null || id == null) {
			logger.warn("Could not subscribe to the {} channel of Azure Cache for Redis, so maintenance "
					+ "notifications are not acted on; trying again in {} s: {}", CHANNEL,
					SUBSCRIBE_RETRY_INTERVAL.toSeconds(), String.valueOf(failure));
			this.scheduler.schedule(this::subscribe, this.clock.instant().plus(SUBSCRIBE_RETRY_INTERVAL));
			return;
		}
		this.listenerId = id;
		this.subscribed = true;
		if (!this.running) {
			unsubscribe();
		}
		logger.debug("Listening to Azure Cache for Redis maintenance notifications on {}", CHANNEL);
	}

	@Override
	public void stop() {
		this.running = false;
		unsubscribe();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void destroy() {
		if (this.scheduler instanceof ThreadPoolTaskScheduler own) {
			own.shutdown();
		}
	}

	private void unsubscribe() {
		Integer id = this.listenerId;
		if (id != null && !this.redisson.isShutdown()) {
			this.listenerId = null;
			this.subscribed = false;
			this.redisson.getTopic(CHANNEL, StringCodec.INSTANCE).removeListenerAsync(id);
		}
	}

	/**
	 * Handles one message of the channel.
	 * @param message the message
	 */
	void receive(String message) {
		AzureRedisMaintenanceEvent event = AzureRedisEventParser.parse(this, message, this.clock.instant());
		this.counts.incrementAndGet(event.getNotificationType().ordinal());
		synchronized (this.recent) {
			if (this.recent.size() == RECENT_EVENTS) {
				this.recent.removeFirst();
			}
			this.recent.addLast(event);
		}
		if (event.getNotificationType() == NotificationType.NODE_MAINTENANCE_SCHEDULED) {
			logger.info("Azure Redis maintenance: {}.", event);
		}
		try {
			this.window.on(event);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not act on Azure Redis maintenance notification {}: {}", event, ex.toString());
		}
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of AzureRedisMaintenanceEvent failed on {}: {}", event, ex.toString());
		}
	}

}
