package io.github.azureredis.connection;

import java.util.List;

import io.github.azureredis.connection.AzureRedisProperties.Authentication;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Spring Boot's {@link DataRedisConnectionDetails}, whatever supplied them ({@code spring.data.redis.*}, a bean of
 * the application's, {@code @ServiceConnection}), with what Azure implies applied: TLS for Azure hosts (which accept
 * nothing else), the service's port when none was given (6380 for Azure Cache for Redis, 10000 for Azure Managed
 * Redis), a single host as a cluster seed when {@code azure.redis.cluster.enabled=true}, and the authentication to
 * use. Every {@code DataRedisConnectionDetails} bean of the context is one of these; it is the only place where the
 * starter reads {@code spring.data.redis.*}, and where the authentication is decided.
 * <p>
 * The authentication is {@code azure.redis.authentication} when set, else {@link Authentication#ACCESS_KEY access
 * key} when the details carry a password, {@link Authentication#ENTRA_ID Microsoft Entra ID} for an Azure host,
 * {@link Authentication#NONE none} otherwise.
 * <p>
 * The details are checked each time they are read, as Spring Boot's own are: a host that is a URL, a port out of
 * range or an empty node list fail with the property to fix.
 *
 * @author Azure Redis Cache contributors
 */
public final class AzureRedisConnectionDetails implements DataRedisConnectionDetails {

	private static final int REDIS_DEFAULT_PORT = 6379;

	private static final String URL = "spring.data.redis.url";

	private static final String HOST = "spring.data.redis.host";

	private static final String PORT = "spring.data.redis.port";

	private static final List<String> LOCATION_PROPERTIES = List.of(HOST, URL, "spring.data.redis.cluster.nodes",
			"spring.data.redis.sentinel.nodes", "spring.data.redis.masterreplica.nodes");

	/** Spring Boot's adapter of {@code spring.data.redis.*}, package-private there. */
	private static final String SPRING_BOOT_PROPERTIES_DETAILS = "org.springframework.boot.data.redis.autoconfigure."
			+ "PropertiesDataRedisConnectionDetails";

	private final DataRedisConnectionDetails delegate;

	private final @Nullable Authentication authentication;

	private final boolean clusterSeed;

	private final Settings settings;

	private AzureRedisConnectionDetails(DataRedisConnectionDetails delegate, AzureRedisProperties properties,
			Settings settings) {
		this.delegate = delegate;
		this.authentication = properties.getAuthentication();
		this.clusterSeed = Boolean.TRUE.equals(properties.getCluster().getEnabled());
		this.settings = settings;
	}

	/**
	 * Applies Azure's defaults to connection details.
	 * @param delegate the connection details to decorate
	 * @param properties the starter's properties
	 * @param environment the environment, to tell a port or TLS setting someone made from Spring Boot's default
	 * @return the decorated details, or {@code delegate} if it is decorated already
	 */
	static AzureRedisConnectionDetails of(DataRedisConnectionDetails delegate, AzureRedisProperties properties,
			Environment environment) {
		if (delegate instanceof AzureRedisConnectionDetails decorated) {
			return decorated;
		}
		String url = environment.getProperty(URL);
		boolean springBootsDefault = delegate.getClass().getName().equals(SPRING_BOOT_PROPERTIES_DETAILS)
				&& LOCATION_PROPERTIES.stream().noneMatch(environment::containsProperty);
		Settings settings = new Settings(url != null, url != null && url.regionMatches(true, 0, "rediss:", 0, 7),
				environment.containsProperty(PORT), environment.getProperty("spring.data.redis.ssl.enabled",
						Boolean.class), !springBootsDefault);
		return new AzureRedisConnectionDetails(delegate, properties, settings);
	}

	/**
	 * How the client authenticates: {@code azure.redis.authentication} when set, else decided from these details.
	 * @return the authentication
	 */
	public Authentication getAuthentication() {
		if (this.authentication != null) {
			return this.authentication;
		}
		String password = this.delegate.getPassword();
		if (password != null && !password.isEmpty()) {
			return Authentication.ACCESS_KEY;
		}
		return AzureRedisHosts.isAzure(primaryHost()) ? Authentication.ENTRA_ID : Authentication.NONE;
	}

	/**
	 * Whether Redis is Azure Cache for Redis, which publishes maintenance notifications on its {@code AzureRedisEvents}
	 * channel (Azure Managed Redis sends them as RESP3 pushes instead).
	 * @return whether the host is an Azure Cache for Redis host name
	 */
	public boolean isAzureCacheForRedis() {
		Integer port = AzureRedisHosts.defaultPort(primaryHost());
		return port != null && port == AzureRedisHosts.CACHE_FOR_REDIS_TLS_PORT;
	}

	/**
	 * Whether the application said where Redis is: with a {@code spring.data.redis} host, URL or node list, or with
	 * connection details of its own. {@code false} means Spring Boot's default, {@code localhost:6379}.
	 * @return whether a Redis location was configured
	 */
	public boolean isLocationConfigured() {
		return this.settings.locationConfigured();
	}

	@Override
	public @Nullable String getUsername() {
		// redis://:key@host gives an empty user name, which means none: Redis would refuse AUTH "" key.
		String username = this.delegate.getUsername();
		return StringUtils.hasText(username) ? username : null;
	}

	@Override
	public @Nullable String getPassword() {
		return this.delegate.getPassword();
	}

	/**
	 * TLS when the delegate asks for it, for a {@code rediss://} URL, and for Azure hosts unless
	 * {@code spring.data.redis.ssl.enabled=false} was set explicitly.
	 */
	@Override
	public @Nullable SslBundle getSslBundle() {
		SslBundle bundle = this.delegate.getSslBundle();
		if (bundle != null) {
			return bundle;
		}
		boolean azureDefault = AzureRedisHosts.isAzure(primaryHost())
				&& !Boolean.FALSE.equals(this.settings.sslEnabled());
		return (this.settings.rediss() || azureDefault) ? SslBundle.systemDefault() : null;
	}

	@Override
	public @Nullable Standalone getStandalone() {
		Standalone standalone = this.delegate.getStandalone();
		if (standalone == null) {
			return null;
		}
		Node node = new Node(standalone.getHost(), standalone.getPort());
		if (this.settings.url()) {
			// A URL without a port gives -1: the service's default port applies, as for a host without one.
			boolean portGiven = node.port() != -1;
			node = portGiven ? node : new Node(node.host(), 0);
			validate(node, URL, URL);
			node = withAzureDefaultPort(node, portGiven);
		}
		else {
			validate(node, HOST, PORT);
			node = withAzureDefaultPort(node, portGiven(node));
		}
		return Standalone.of(node.host(), node.port(), standalone.getDatabase());
	}

	@Override
	public @Nullable Sentinel getSentinel() {
		Sentinel sentinel = this.delegate.getSentinel();
		if (sentinel != null) {
			requireNodes(sentinel.getNodes(), "spring.data.redis.sentinel.nodes");
		}
		return sentinel;
	}

	/**
	 * The delegate's cluster with Azure's ports; with {@code azure.redis.cluster.enabled=true}, a single host is the
	 * seed of a cluster (Azure Managed Redis with the OSS clustering policy has one endpoint).
	 */
	@Override
	public @Nullable Cluster getCluster() {
		Cluster cluster = this.delegate.getCluster();
		if (cluster != null) {
			List<Node> nodes = requireNodes(cluster.getNodes(), "spring.data.redis.cluster.nodes").stream()
				.map((node) -> withAzureDefaultPort(node, portGiven(node)))
				.toList();
			return () -> nodes;
		}
		if (this.clusterSeed && this.delegate.getSentinel() == null && this.delegate.getMasterReplica() == null) {
			Standalone seed = getStandalone();
			if (seed != null) {
				List<Node> nodes = List.of(new Node(seed.getHost(), seed.getPort()));
				return () -> nodes;
			}
		}
		return null;
	}

	@Override
	public @Nullable MasterReplica getMasterReplica() {
		MasterReplica masterReplica = this.delegate.getMasterReplica();
		if (masterReplica != null) {
			requireNodes(masterReplica.getNodes(), "spring.data.redis.masterreplica.nodes");
		}
		return masterReplica;
	}

	@Override
	public String toString() {
		// Never the password.
		return "AzureRedisConnectionDetails[" + this.delegate.getClass().getName() + ", authentication="
				+ getAuthentication() + "]";
	}

	/** The host that tells an Azure service: the first cluster node, else the standalone host. */
	private @Nullable String primaryHost() {
		Cluster cluster = this.delegate.getCluster();
		if (cluster != null && !cluster.getNodes().isEmpty()) {
			return cluster.getNodes().get(0).host();
		}
		Standalone standalone = this.delegate.getStandalone();
		return (standalone != null) ? standalone.getHost() : null;
	}

	private static List<Node> requireNodes(List<Node> nodes, String property) {
		if (nodes.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(property, null, "At least one node is required.");
		}
		nodes.forEach((node) -> validate(node, property, property));
		return nodes;
	}

	private static void validate(Node node, String hostProperty, String portProperty) {
		String host = node.host();
		if (host == null || host.isBlank()) {
			throw invalid(hostProperty, host, "The Redis host name is empty.");
		}
		if (host.contains("://") || host.indexOf('@') >= 0) {
			// A URL given as the host may carry a password: the report must not echo it.
			throw new SecretBearingPropertyException(hostProperty, "It is a URL, not a host name. Give the bare "
					+ "name, e.g. 'mycache.redis.cache.windows.net', or set the URL as spring.data.redis.url.");
		}
		if (host.chars().anyMatch((c) -> Character.isWhitespace(c) || c == '/')) {
			throw invalid(hostProperty, host, "It is not a host name. Give the bare name, e.g. "
					+ "'mycache.redis.cache.windows.net', and the port separately.");
		}
		if (node.port() > 65535 || node.port() < 0) {
			throw invalid(portProperty, node.port(),
					"Port " + node.port() + " of '" + host + "' is out of range: use 1 to 65535.");
		}
	}

	/**
	 * Spring Boot's report of an invalid property prints its value from every property source that sets it; a
	 * Redis URL may hold a password, so for the URL only the property is named.
	 */
	private static RuntimeException invalid(String property, @Nullable Object value, String reason) {
		return URL.equals(property) ? new SecretBearingPropertyException(property, reason)
				: new InvalidConfigurationPropertyValueException(property, value, reason);
	}

	/** Spring Boot's default 6379 counts as given only when someone set it. */
	private boolean portGiven(Node node) {
		return node.port() > 0 && (node.port() != REDIS_DEFAULT_PORT || this.settings.port());
	}

	/** An Azure host keeps the port the user gave; without one it gets the service's TLS port. */
	private static Node withAzureDefaultPort(Node node, boolean portGiven) {
		Integer azurePort = AzureRedisHosts.defaultPort(node.host());
		if (azurePort != null && (!portGiven || node.port() <= 0)) {
			return new Node(node.host(), azurePort);
		}
		return (node.port() <= 0) ? new Node(node.host(), REDIS_DEFAULT_PORT) : node;
	}

	/**
	 * What was set in {@code spring.data.redis.*}, as opposed to Spring Boot's defaults.
	 *
	 * @param url whether {@code spring.data.redis.url} is set
	 * @param rediss whether that URL asks for TLS
	 * @param port whether {@code spring.data.redis.port} is set
	 * @param sslEnabled {@code spring.data.redis.ssl.enabled}, if set
	 * @param locationConfigured whether a location was configured, see {@link #isLocationConfigured()}
	 */
	private record Settings(boolean url, boolean rediss, boolean port, @Nullable Boolean sslEnabled,
			boolean locationConfigured) {
	}

}
