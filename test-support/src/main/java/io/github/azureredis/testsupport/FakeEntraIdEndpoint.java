package io.github.azureredis.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of Microsoft Entra ID on loopback, over TLS, as azure-identity and MSAL call it: the OAuth token
 * endpoint (client secret and client assertion grants), instance discovery, the App Service managed identity
 * endpoint and the instance metadata (IMDS) token endpoint. Tokens come from a {@link FakeEntraId}, so an
 * Azure-like Redis accepts them; each client id is issued tokens for its own object id.
 * <p>
 * It refuses as Microsoft Entra ID does, with the same status, OAuth error and {@code AADSTS} code: an unknown
 * tenant, an unknown client id, a client secret other than {@link #CLIENT_SECRET} (or the one that has expired), a
 * scope other than {@link FakeEntraId#SCOPE}. Under {@link #notAzureUrl()} it answers as a server that is not a
 * managed identity endpoint does (a proxy or another cloud's metadata service: HTTP 403, plain text), and under
 * {@link #throttlingUrl()} as a managed identity endpoint that throttles (HTTP 429 with {@code Retry-After}).
 */
public final class FakeEntraIdEndpoint implements AutoCloseable {

	/** What the endpoint was asked. */
	public record Request(String kind, String clientId, Map<String, String> parameters) {
	}

	/** The path of the App Service managed identity endpoint. */
	public static final String APP_SERVICE_PATH = "/msi/token";

	/** The header value the App Service managed identity endpoint requires. */
	public static final String IDENTITY_HEADER = "fake-app-service-identity-header";

	/** The one client secret accepted. */
	public static final String CLIENT_SECRET = "fake-client-secret-not-a-real-one";

	/** A client secret that has expired. */
	public static final String EXPIRED_CLIENT_SECRET = "fake-client-secret-that-has-expired";

	private static final String NOT_AZURE_PATH = "/not-azure";

	private static final String THROTTLING_PATH = "/throttling";

	private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

	private final FakeEntraId issuer;

	private final Map<String, String> objectIdByClientId;

	private final @Nullable String systemAssignedObjectId;

	private final HttpsServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<String> issuedTokens = new CopyOnWriteArrayList<>();

	/**
	 * Starts the endpoint on a free loopback port.
	 * @param issuer signs the tokens; its tenant is the one tenant known
	 * @param certificates the server certificate (names {@code localhost})
	 * @param objectIdByClientId the identities it knows: client id to object id
	 * @param systemAssignedObjectId the object id of the App Service's system-assigned managed identity, or
	 * {@code null} for none
	 */
	public FakeEntraIdEndpoint(FakeEntraId issuer, TestCertificates certificates,
			Map<String, String> objectIdByClientId, @Nullable String systemAssignedObjectId) {
		this.issuer = issuer;
		this.objectIdByClientId = Map.copyOf(objectIdByClientId);
		this.systemAssignedObjectId = systemAssignedObjectId;
		try {
			this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** @return the base URL, {@code https://localhost:<port>} */
	public String url() {
		return "https://localhost:" + this.server.getAddress().getPort();
	}

	/** @return a base URL at which a server that is not a managed identity endpoint answers */
	public String notAzureUrl() {
		return url() + NOT_AZURE_PATH;
	}

	/** @return a base URL at which a managed identity endpoint throttles every request */
	public String throttlingUrl() {
		return url() + THROTTLING_PATH;
	}

	/** @return every request answered or refused, in order */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** @return the text of every token issued */
	public List<String> issuedTokens() {
		return List.copyOf(this.issuedTokens);
	}

	/**
	 * Issues a token as {@code az account get-access-token} would print it.
	 * @param objectId the signed-in user
	 * @return the command's JSON output
	 */
	public String azureCliOutput(String objectId) {
		FakeEntraId.Token token = issue(objectId);
		return "{\"accessToken\":\"" + token.value() + "\",\"expiresOn\":\"2000-01-01 00:00:00.000000\",\"expires_on\":"
				+ token.expiresAt().getEpochSecond() + ",\"subscription\":\"00000000-0000-0000-0000-000000000000\","
				+ "\"tenant\":\"" + this.issuer.tenantId() + "\",\"tokenType\":\"Bearer\"}";
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
			if (path.startsWith(NOT_AZURE_PATH + "/")) {
				record("not-azure", "", query);
				respond(exchange, 403, "text/plain", "resolve_deny");
			}
			else if (path.startsWith(THROTTLING_PATH + "/")) {
				record("throttled", "", query);
				exchange.getResponseHeaders().set("Retry-After", "7");
				respond(exchange, 429, "text/plain", "");
			}
			else if (path.endsWith("/oauth2/v2.0/token") && exchange.getRequestMethod().equals("POST")) {
				Map<String, String> form = parameters(
						new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				oauthToken(exchange, path.substring(1, path.indexOf('/', 1)), form);
			}
			else if (path.endsWith("/discovery/instance")) {
				record("instance-discovery", "", query);
				String host = exchange.getRequestHeaders().getFirst("Host");
				respond(exchange, 200, "{\"tenant_discovery_endpoint\":\"https://" + host
						+ "/common/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":"
						+ "[{\"preferred_network\":\"" + host + "\",\"preferred_cache\":\"" + host
						+ "\",\"aliases\":[\"" + host + "\"]}]}");
			}
			else if (path.equals(APP_SERVICE_PATH)) {
				boolean headerMatches = IDENTITY_HEADER.equals(exchange.getRequestHeaders().getFirst("X-IDENTITY-HEADER"));
				managedIdentity(exchange, "app-service", query, headerMatches);
			}
			else if (path.equals("/metadata/identity/oauth2/token")) {
				managedIdentity(exchange, "imds", query, "true".equals(exchange.getRequestHeaders().getFirst("Metadata")));
			}
			else {
				record("unknown " + exchange.getRequestMethod() + " " + path, "", query);
				respond(exchange, 404, "{\"error\":\"not_found\"}");
			}
		}
	}

	private void oauthToken(HttpExchange exchange, String tenant, Map<String, String> form) throws IOException {
		String clientId = form.getOrDefault("client_id", "");
		String kind = form.containsKey("client_secret") ? "client-secret"
				: form.containsKey("client_assertion") ? "client-assertion" : "unknown-grant";
		record(kind, clientId, form);
		String objectId = this.objectIdByClientId.get(clientId);
		// MSAL adds "openid profile offline_access" to the scope requested.
		String scope = Stream.of(form.getOrDefault("scope", "").split(" "))
			.filter((requested) -> requested.endsWith("/.default"))
			.findFirst()
			.orElse("");
		if (!tenant.equals(this.issuer.tenantId())) {
			refuse(exchange, 400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure "
					+ "you have the correct tenant ID and are signing into the correct cloud. Check with your "
					+ "subscription administrator, this may happen if there are no active subscriptions for the tenant.");
		}
		else if (!"client_credentials".equals(form.get("grant_type")) || kind.equals("unknown-grant")) {
			refuse(exchange, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
		}
		else if (objectId == null) {
			refuse(exchange, 400, "unauthorized_client", 700016, "Application with identifier '" + clientId
					+ "' was not found in the directory '" + tenant + "'. This can happen if the application has not "
					+ "been installed by the administrator of the tenant or consented to by any user in the tenant. "
					+ "You may have sent your authentication request to the wrong tenant.");
		}
		else if (kind.equals("client-secret") && EXPIRED_CLIENT_SECRET.equals(form.get("client_secret"))) {
			refuse(exchange, 401, "invalid_client", 7000222, "The provided client secret keys for app '" + clientId
					+ "' are expired. Visit the Azure portal to create new keys for your app: "
					+ "https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: "
					+ "https://aka.ms/certCreds.");
		}
		else if (kind.equals("client-secret") && !CLIENT_SECRET.equals(form.get("client_secret"))) {
			refuse(exchange, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret "
					+ "being sent in the request is the client secret value, not the client secret ID, for a secret "
					+ "added to app '" + clientId + "'.");
		}
		else if (!scope.equals(FakeEntraId.SCOPE)) {
			refuse(exchange, 400, "invalid_resource", 500011, "The resource principal named "
					+ scope.replace("/.default", "") + " was not found in the tenant named " + tenant + ". This can "
					+ "happen if the application has not been installed by the administrator of the tenant or "
					+ "consented to by any user in the tenant. You might have sent your authentication request to the "
					+ "wrong tenant.");
		}
		else {
			FakeEntraId.Token token = issue(objectId);
			long expiresIn = TOKEN_LIFETIME.toSeconds() - 1;
			respond(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"ext_expires_in\":"
					+ expiresIn + ",\"access_token\":\"" + token.value() + "\"}");
		}
	}

	/** Answers as Microsoft Entra ID refuses a token request. */
	private void refuse(HttpExchange exchange, int status, String error, int code, String description)
			throws IOException {
		String timestamp = Instant.now().toString();
		String traceId = UUID.randomUUID().toString();
		String correlationId = UUID.randomUUID().toString();
		respond(exchange, status, "{\"error\":\"" + error + "\",\"error_description\":\"AADSTS" + code + ": "
				+ description + " Trace ID: " + traceId + " Correlation ID: " + correlationId + " Timestamp: "
				+ timestamp + "\",\"error_codes\":[" + code + "],\"timestamp\":\"" + timestamp + "\",\"trace_id\":\""
				+ traceId + "\",\"correlation_id\":\"" + correlationId + "\",\"error_uri\":\"" + url()
				+ "/error?code=" + code + "\"}");
	}

	private void managedIdentity(HttpExchange exchange, String source, Map<String, String> query,
			boolean headerMatches) throws IOException {
		String clientId = query.getOrDefault("client_id", "");
		record(source, clientId, query);
		// The system-assigned identity lives on the App Service; the instance metadata endpoint knows only
		// user-assigned identities, as on a machine that has no system-assigned one.
		String objectId = !clientId.isEmpty() ? this.objectIdByClientId.get(clientId)
				: source.equals("app-service") ? this.systemAssignedObjectId : null;
		if (!headerMatches) {
			respond(exchange, 401, "{\"error\":\"unauthorized\",\"error_description\":\"missing header\"}");
			return;
		}
		if (objectId == null) {
			// What IMDS answers on a machine without this identity: azure-identity then tries its next credential.
			respond(exchange, 400, "{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}");
			return;
		}
		FakeEntraId.Token token = issue(objectId);
		respond(exchange, 200, "{\"access_token\":\"" + token.value() + "\",\"expires_on\":\""
				+ token.expiresAt().getEpochSecond() + "\",\"resource\":\"" + FakeEntraId.AUDIENCE
				+ "\",\"token_type\":\"Bearer\",\"client_id\":\"" + clientId + "\"}");
	}

	private FakeEntraId.Token issue(String objectId) {
		FakeEntraId.Token token = this.issuer.issue(objectId, TOKEN_LIFETIME);
		this.issuedTokens.add(token.value());
		return token;
	}

	private void record(String kind, String clientId, Map<String, String> parameters) {
		this.requests.add(new Request(kind, clientId, parameters));
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		respond(exchange, status, "application/json", json);
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static Map<String, String> parameters(@Nullable String encoded) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (encoded == null || encoded.isEmpty()) {
			return parameters;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
