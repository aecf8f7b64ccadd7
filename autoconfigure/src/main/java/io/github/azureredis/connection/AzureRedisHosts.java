package io.github.azureredis.connection;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Recognises the host names of Azure's Redis services, which accept only TLS and listen on their own ports.
 *
 * @author Azure Redis Cache contributors
 */
final class AzureRedisHosts {

	/** TLS port of Azure Cache for Redis. */
	public static final int CACHE_FOR_REDIS_TLS_PORT = 6380;

	/** Port of Azure Managed Redis (and of the older Enterprise tiers). */
	public static final int MANAGED_REDIS_PORT = 10000;

	// Azure Cache for Redis, in the public cloud, China and US Government; private endpoints share the suffixes.
	private static final List<String> CACHE_FOR_REDIS_SUFFIXES = List.of(".redis.cache.windows.net",
			".redis.cache.chinacloudapi.cn", ".redis.cache.usgovcloudapi.net");

	// Azure Managed Redis, and the Enterprise tiers of Azure Cache for Redis.
	private static final List<String> MANAGED_REDIS_SUFFIXES = List.of(".redis.azure.net",
			".redisenterprise.cache.azure.net", ".redis.azure.us", ".redis.chinacloudapi.cn");

	private AzureRedisHosts() {
	}

	/**
	 * Whether the host name belongs to an Azure Redis service.
	 * @param host a host name, or {@code null}
	 * @return {@code true} for Azure Cache for Redis and Azure Managed Redis host names
	 */
	public static boolean isAzure(@Nullable String host) {
		return defaultPort(host) != null;
	}

	/**
	 * The port an Azure Redis host serves TLS on.
	 * @param host a host name, or {@code null}
	 * @return 6380 for Azure Cache for Redis, 10000 for Azure Managed Redis, {@code null} for other hosts
	 */
	public static @Nullable Integer defaultPort(@Nullable String host) {
		if (host == null) {
			return null;
		}
		String name = host.toLowerCase(Locale.ROOT);
		if (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		for (String suffix : CACHE_FOR_REDIS_SUFFIXES) {
			if (name.endsWith(suffix)) {
				return CACHE_FOR_REDIS_TLS_PORT;
			}
		}
		for (String suffix : MANAGED_REDIS_SUFFIXES) {
			if (name.endsWith(suffix)) {
				return MANAGED_REDIS_PORT;
			}
		}
		return null;
	}

}
