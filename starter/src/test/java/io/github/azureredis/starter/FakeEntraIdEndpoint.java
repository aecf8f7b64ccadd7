package io.github.azureredis.starter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.TestCertificates;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of Microsoft Entra ID on loopback, over TLS, as azure-identity and MSAL call it: the OAuth token
 * endpoint (client secret and client assertion grants), instance discovery, the App Service managed identity
 * endpoint and the instance metadata (IMDS) token endpoint. Tokens come from a {@link FakeEntraId}, so an
 * Azure-like Redis accepts them; each client id is issued tokens for its own object id.
 */
final class FakeEntraIdEndpoint implements AutoCloseable {

	/** What the endpoint was asked. */
	record Request(String kind, String clientId, Map<String, String> parameters) {
	}

	static final String APP_SERVICE_PATH = "/msi/token";

	static final String IDENTITY_HEADER = "fake-app-service-identity-header";

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
	 * @param issuer signs the tokens
	 * @param certificates the server certificate (names {@code localhost})
	 * @param objectIdByClientId the identities it knows: client id to object id
	 * @param systemAssignedObjectId the object id of the App Service's system-assigned managed identity, or
	 * {@code null} for none
	 */
	FakeEntraIdEndpoint(FakeEntraId issuer, TestCertificates certificates, Map<String, String> objectIdByClientId,
			@Nullable String systemAssignedObjectId) {
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
	String url() {
		return "https://localhost:" + this.server.getAddress().getPort();
	}

	/** @return every request answered or refused, in order */
	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** @return the text of every token issued */
	List<String> issuedTokens() {
		return List.copyOf(this.issuedTokens);
	}

	/**
	 * Issues a token as {@code az account get-access-token} would print it.
	 * @param objectId the signed-in user
	 * @return the command's JSON output
	 */
	String azureCliOutput(String objectId) {
		FakeEntraId.Token token = issue(objectId);
		return "{\"accessToken\":\"" + token.value() + "\",\"expiresOn\":\"2000-01-01 00:00:00.000000\",\"expires_on\":"
				+ token.expiresAt().getEpochSecond() + ",\"subscription\":\"00000000-0000-0000-0000-000000000000\","
				+ "\"tenant\":\"" + this.issuer.tenantId() + "\",\"tokenType\":\"Bearer\"}";
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			Map<String, String> query = parameters(exchange.getRequestURI().getRawQuery());
			if (path.endsWith("/oauth2/v2.0/token") && exchange.getRequestMethod().equals("POST")) {
				Map<String, String> form = parameters(
						new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
				oauthToken(exchange, form);
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

	private void oauthToken(HttpExchange exchange, Map<String, String> form) throws IOException {
		String clientId = form.getOrDefault("client_id", "");
		String kind = form.containsKey("client_secret") ? "client-secret"
				: form.containsKey("client_assertion") ? "client-assertion" : "unknown-grant";
		record(kind, clientId, form);
		String objectId = this.objectIdByClientId.get(clientId);
		if (!"client_credentials".equals(form.get("grant_type")) || objectId == null || kind.equals("unknown-grant")) {
			respond(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: refused\"}");
			return;
		}
		FakeEntraId.Token token = issue(objectId);
		long expiresIn = TOKEN_LIFETIME.toSeconds() - 1;
		respond(exchange, 200, "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"ext_expires_in\":"
				+ expiresIn + ",\"access_token\":\"" + token.value() + "\"}");
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
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
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
