package io.github.azureredis.jcache;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * JCache (JSR-107) on the starter's Redisson client.
 *
 * @author Azure Redis Cache contributors
 */
@ConfigurationProperties("azure.redis.jcache")
public class AzureRedisJCacheProperties {

	/**
	 * Whether to provide a JCache CacheManager on the starter's client. Default: when spring.cache.type=jcache.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Whether JCache caches collect statistics (and expose them as JMX MBeans, which Spring Boot's JCache cache
	 * metrics read).
	 */
	private boolean statisticsEnabled;

	/**
	 * Whether JCache caches register their management MBeans.
	 */
	private boolean managementEnabled;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isStatisticsEnabled() {
		return this.statisticsEnabled;
	}

	public void setStatisticsEnabled(boolean statisticsEnabled) {
		this.statisticsEnabled = statisticsEnabled;
	}

	public boolean isManagementEnabled() {
		return this.managementEnabled;
	}

	public void setManagementEnabled(boolean managementEnabled) {
		this.managementEnabled = managementEnabled;
	}

}
