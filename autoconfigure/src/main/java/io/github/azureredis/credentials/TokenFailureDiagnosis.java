package io.github.azureredis.credentials;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.azure.identity.CredentialUnavailableException;
import io.github.azureredis.credentials.CredentialProperties.Type;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Attempt;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Outcome;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * Turns a failed token request into an {@link EntraIdAuthenticationException} that says which credentials were
 * tried, why each gave no token, the innermost cause, and what to do where the application runs.
 * <p>
 * azure-identity reports a {@code DefaultAzureCredential} that found nothing as one exception whose message joins
 * every credential's reason, one per line, and one that stopped at a failing credential as
 * {@code "... authentication failed. ---> <credential> authentication failed. Error Details: ..."} with that
 * credential's exception as the cause; it offers neither as data, so both shapes are read from the text. The advice
 * mentions secrets, certificates and tenants only for a service principal, the one credential that has them.
 *
 * @author Azure Redis Cache contributors
 */
final class TokenFailureDiagnosis {

	/** What to do when no credential is available and nothing more specific is known. */
	static final String NO_CREDENTIAL_ACTION = String.join("\n", giveAnIdentity(), developerMachine(false), onAzure(),
			servicePrincipalSetup(), alternatives());

	private static final Pattern CHAIN_STOPPED = Pattern.compile(
			"^(\\w+) authentication failed\\. ---> (\\w+) authentication failed\\. Error Details: (.*)$",
			Pattern.DOTALL);

	private static final Pattern UNAVAILABLE = Pattern.compile("^(\\w+) authentication unavailable\\.\\s*(.*)$",
			Pattern.DOTALL);

	private static final Pattern LINK = Pattern.compile(
			"\\s*(To (further )?mitigate this issue, (please )?refer to( the troubleshooting guidelines here at)?|See the "
					+ "troubleshooting guide for more information\\.|Please see|For more details, refer to)?\\s*"
					+ "https?://(aka\\.ms|learn\\.microsoft\\.com|docs\\.microsoft\\.com)/\\S+?(\\s+for more information)?"
					+ "(\\.(?=\\s|$)|(?=\\s|$))");

	private static final Pattern GLUED_ADVICE = Pattern.compile("(?<=\\S)(To (further )?mitigate this issue)");

	private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

	private static final String GENERIC_FAILURE = "see inner exception";

	private final CredentialSource source;

	private final String scope;

	private final Duration requestTimeout;

	private final Function<String, @Nullable String> environment;

	TokenFailureDiagnosis(CredentialSource source, String scope, Duration requestTimeout) {
		this(source, scope, requestTimeout, System::getenv);
	}

	/**
	 * Creates a diagnosis.
	 * @param source what the credential is
	 * @param scope the scope requested
	 * @param requestTimeout {@code azure.redis.token.request-timeout}
	 * @param environment the environment variables, to say why the credentials a chain skipped were unavailable
	 */
	TokenFailureDiagnosis(CredentialSource source, String scope, Duration requestTimeout,
			Function<String, @Nullable String> environment) {
		this.source = source;
		this.scope = scope;
		this.requestTimeout = requestTimeout;
		this.environment = environment;
	}

	/**
	 * Diagnoses a failed token request.
	 * @param failure what the credential threw
	 * @return the exception to report
	 */
	EntraIdAuthenticationException diagnose(Throwable failure) {
		if (failure instanceof TimeoutException) {
			return new EntraIdAuthenticationException(Reason.TOKEN_REQUEST_FAILED,
					this.source.name() + " gave no answer within azure.redis.token.request-timeout ("
							+ this.requestTimeout + ")",
					failure, List.of(), null,
					"Check that the identity provider is reachable from the application. If it is only slow, raise "
							+ "azure.redis.token.request-timeout.");
		}
		String message = text(failure.getMessage());
		String innermost = innermost(failure);
		// Without a cause, the innermost cause is the failure itself, which the message already shows.
		String innermostIfOther = (failure.getCause() != null) ? innermost : null;
		String aadsts = aadsts(failure);
		if (aadsts != null && List.of("500011", "70011", "28000").contains(aadsts)) {
			return new EntraIdAuthenticationException(Reason.UNKNOWN_SCOPE, "scope [" + this.scope + "]: " + message,
					failure, List.of(), innermostIfOther, Reason.UNKNOWN_SCOPE.action());
		}
		Matcher stopped = CHAIN_STOPPED.matcher(message);
		if (stopped.matches()) {
			String credential = stopped.group(2);
			String reason = informative(stopped.group(3)) ? withoutLinks(stopped.group(3)) : innermost;
			Attempt failed = new Attempt(credential, Outcome.FAILED, reason);
			String detail = stopped.group(1) + " stopped at " + credential + ", which failed (the credentials before "
					+ "it in its chain were unavailable, those after it were not tried): " + reason;
			List<Attempt> attempts = new ArrayList<>(skippedBefore(stopped.group(1), credential));
			attempts.add(failed);
			return new EntraIdAuthenticationException(reason(failed, failure), detail, failure, attempts,
					innermost, action(failed, failure, aadsts));
		}
		CredentialUnavailableException unavailable = unavailable(failure);
		if (unavailable != null) {
			List<Attempt> attempts = unavailableAttempts(text(unavailable.getMessage()), this.source.name());
			String detail = this.source.name() + " found no credential to use"
					+ ((attempts.size() > 1) ? " among the " + attempts.size() + " it tried" : "");
			return new EntraIdAuthenticationException(Reason.NO_CREDENTIAL, detail, failure, attempts,
					(unavailable.getCause() != null) ? innermost : null, noCredentialAction(attempts));
		}
		String reason = informative(message) ? withoutLinks(message) : innermost;
		Attempt failed = new Attempt(this.source.name(), Outcome.FAILED, reason);
		return new EntraIdAuthenticationException(reason(failed, failure), this.source.name() + " failed: " + reason,
				failure, List.of(failed), innermostIfOther, action(failed, failure, aadsts));
	}

	/**
	 * The credentials {@code DefaultAzureCredential} found unavailable before the managed identity, the usual place
	 * its chain stops on a machine that is not an Azure resource. azure-identity names them only in DEBUG logs; both
	 * come first in its chain in every release the starter supports, and both are set up by environment variables
	 * alone, so what is missing is read from the environment here.
	 */
	private List<Attempt> skippedBefore(String chain, String stoppedAt) {
		if (!"DefaultAzureCredential".equals(chain) || !"ManagedIdentityCredential".equals(stoppedAt)) {
			return List.of();
		}
		List<String> servicePrincipal = missing("AZURE_TENANT_ID", "AZURE_CLIENT_ID");
		if (missing("AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH").size() == 2) {
			servicePrincipal.add("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH");
		}
		List<String> workloadIdentity = missing("AZURE_FEDERATED_TOKEN_FILE");
		return List.of(
				new Attempt("EnvironmentCredential", Outcome.UNAVAILABLE, notSet(servicePrincipal,
						"a service principal in environment variables")),
				new Attempt("WorkloadIdentityCredential", Outcome.UNAVAILABLE, notSet(workloadIdentity,
						"a workload identity (AKS sets it)")));
	}

	private List<String> missing(String... variables) {
		List<String> missing = new ArrayList<>();
		for (String variable : variables) {
			String value = this.environment.apply(variable);
			if (value == null || value.isBlank()) {
				missing.add(variable);
			}
		}
		return missing;
	}

	private static String notSet(List<String> missing, String what) {
		return missing.isEmpty() ? "not set up for " + what
				: String.join(", ", missing) + ((missing.size() == 1) ? " is" : " are") + " not set, as " + what
						+ " needs";
	}

	private Reason reason(Attempt failed, Throwable failure) {
		return (isManagedIdentity(failed.credential()) && identityNotFound(failure)) ? Reason.NO_CREDENTIAL
				: Reason.TOKEN_REQUEST_FAILED;
	}

	private static List<Attempt> unavailableAttempts(String message, String sourceName) {
		List<Attempt> attempts = new ArrayList<>();
		for (String line : message.split("\\r?\\n")) {
			if (line.isBlank()) {
				continue;
			}
			Matcher matcher = UNAVAILABLE.matcher(line.trim());
			if (matcher.matches()) {
				attempts.add(new Attempt(matcher.group(1), Outcome.UNAVAILABLE, withoutLinks(matcher.group(2))));
			}
			else {
				attempts.add(new Attempt(credentialNamed(line, sourceName), Outcome.UNAVAILABLE,
						withoutLinks(line.trim())));
			}
		}
		return attempts;
	}

	/** Names the credential of a line that does not follow azure-identity's usual wording. */
	private static String credentialNamed(String line, String sourceName) {
		String lower = line.toLowerCase(Locale.ROOT);
		if (lower.contains("intellij")) {
			return "IntelliJCredential";
		}
		if (lower.contains("visual studio code")) {
			return "VisualStudioCodeCredential";
		}
		if (lower.contains("power shell") || lower.contains("powershell")) {
			return "AzurePowerShellCredential";
		}
		if (lower.contains("azure-identity-broker")) {
			return "BrokerCredential";
		}
		return sourceName;
	}

	private String noCredentialAction(List<Attempt> attempts) {
		Type type = this.source.type();
		if (type == Type.MANAGED_IDENTITY) {
			return String.join("\n", managedIdentityMissing(), alternatives());
		}
		if (type == Type.AZURE_CLI) {
			return String.join("\n", azureCli(attempts), alternatives());
		}
		if (type == Type.WORKLOAD_IDENTITY) {
			return String.join("\n", workloadIdentity(), alternatives());
		}
		return String.join("\n", applicationBeanNote(), giveAnIdentity(), developerMachine(cliMissing(attempts)),
				onAzure(), servicePrincipalSetup(), alternatives()).strip();
	}

	private String action(Attempt failed, Throwable failure, @Nullable String aadsts) {
		String credential = failed.credential();
		List<String> steps = new ArrayList<>();
		steps.add(applicationBeanNote());
		if (isManagedIdentity(credential)) {
			steps.add(managedIdentity(failure));
		}
		else if (credential.startsWith("AzureCli")) {
			steps.add(azureCli(List.of(failed)));
		}
		else if (credential.startsWith("WorkloadIdentity") || credential.startsWith("ClientAssertion")) {
			steps.add(workloadIdentity(failure, aadsts));
		}
		else if (credential.startsWith("ClientSecret") || credential.startsWith("ClientCertificate")
				|| credential.startsWith("Environment")) {
			steps.add(servicePrincipal(credential.startsWith("Environment"), aadsts));
		}
		else if (unreachable(failure)) {
			steps.add("The identity provider is unreachable from the application: check DNS, firewall and proxy "
					+ "(HTTPS_PROXY) settings" + ((this.source.type() != null) ? ", and azure.redis.credential.authority-host"
							+ " for a sovereign cloud." : "."));
		}
		else {
			steps.add(Reason.TOKEN_REQUEST_FAILED.action());
		}
		return String.join("\n", steps).strip();
	}

	private String managedIdentity(Throwable failure) {
		if (identityNotFound(failure)) {
			return managedIdentityMissing();
		}
		if (Throttling.of(failure, Instant.EPOCH).throttled()) {
			return "The managed identity endpoint throttles token requests: the starter waits as it asks and tries "
					+ "again. Check that nothing else on this host requests tokens in a loop.";
		}
		String notOnAzure = unreachable(failure)
				? "No managed identity endpoint answered: this machine is not an Azure resource with a managed identity."
				: "The managed identity endpoint answered without a token: this machine may not be an Azure resource "
						+ "(another cloud's VM, a proxy or a container network answers at that address).";
		return notOnAzure + " On a developer machine, sign in with 'az login' and set AZURE_REDIS_CREDENTIAL_TYPE="
				+ "azure-cli (azure.redis.credential.type=azure-cli) so that the managed identity is not tried. On Azure, "
				+ "assign a managed identity to the application" + userAssigned() + ".";
	}

	private String managedIdentityMissing() {
		String clientId = this.source.clientId();
		if (clientId != null) {
			return "No managed identity with client id " + clientId + " (azure.redis.credential.client-id) is assigned "
					+ "to this Azure resource: assign that user-assigned identity to it, or set "
					+ "azure.redis.credential.client-id to the client id (not the object id) of one that is.";
		}
		return "This Azure resource has no managed identity that can be used: turn on its system-assigned identity, or "
				+ "assign a user-assigned one and set azure.redis.credential.client-id (AZURE_REDIS_CREDENTIAL_CLIENT_ID) "
				+ "to its client id. Not on Azure? On a developer machine, sign in with 'az login' and set "
				+ "AZURE_REDIS_CREDENTIAL_TYPE=azure-cli.";
	}

	private String userAssigned() {
		return (this.source.clientId() != null) ? " and check that azure.redis.credential.client-id ("
				+ this.source.clientId() + ") is the client id of a user-assigned identity assigned to it"
				: "; for a user-assigned one, set azure.redis.credential.client-id (AZURE_REDIS_CREDENTIAL_CLIENT_ID) to "
						+ "its client id";
	}

	private static String azureCli(List<Attempt> attempts) {
		String reasons = attempts.stream()
			.filter((attempt) -> attempt.credential().startsWith("AzureCli"))
			.map(Attempt::reason)
			.findFirst()
			.orElse("")
			.toLowerCase(Locale.ROOT);
		if (reasons.contains("not installed")) {
			return "Install the Azure CLI and sign in with 'az login', with an account that is a Redis user of the cache.";
		}
		return "Sign in with 'az login' (again, if the session expired), with an account that is a Redis user of the "
				+ "cache; check with 'az account get-access-token --resource https://redis.azure.com'.";
	}

	private String workloadIdentity(Throwable failure, @Nullable String aadsts) {
		if ("70021".equals(aadsts)) {
			return "No federated credential of the identity matches this Kubernetes service account: add one for "
					+ "its issuer and subject (system:serviceaccount:<namespace>:<name>) to the identity.";
		}
		if ("700024".equals(aadsts)) {
			return "The federated token in the token file has expired: the kubelet renews it; check that the pod's "
					+ "projected service account token is mounted.";
		}
		if (cause(failure, NoSuchFileException.class) != null || cause(failure, IOException.class) != null) {
			String file = (this.source.federatedTokenFile() != null) ? this.source.federatedTokenFile()
					: "AZURE_FEDERATED_TOKEN_FILE";
			return "The federated token file (" + file + ") cannot be read. " + workloadIdentity();
		}
		return workloadIdentity();
	}

	private static String workloadIdentity() {
		return "On AKS, enable workload identity for the pod (label azure.workload.identity/use: \"true\" and a service "
				+ "account annotated with azure.workload.identity/client-id), which sets AZURE_CLIENT_ID, "
				+ "AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE; elsewhere set azure.redis.credential.client-id, "
				+ "azure.redis.credential.tenant-id and azure.redis.credential.federated-token-file.";
	}

	private String servicePrincipal(boolean environment, @Nullable String aadsts) {
		String tenant = environment ? "AZURE_TENANT_ID" : "azure.redis.credential.tenant-id";
		String client = environment ? "AZURE_CLIENT_ID" : "azure.redis.credential.client-id";
		String secret = environment ? "AZURE_CLIENT_SECRET" : "azure.redis.credential.client-secret";
		String certificate = environment ? "AZURE_CLIENT_CERTIFICATE_PATH"
				: "azure.redis.credential.client-certificate-path";
		String code = (aadsts != null) ? aadsts : "";
		return switch (code) {
			case "7000215" -> "Microsoft Entra ID refused the client secret: set " + secret + " to the secret's value "
					+ "(not its secret id), as shown once when it was created.";
			case "7000222" -> "The client secret has expired: create a new one for the app registration and set "
					+ secret + ".";
			case "700016" -> "No application with that client id exists in the tenant: check " + client + " (the "
					+ "application (client) id of the app registration) and " + tenant + ".";
			case "90002", "900023", "90013" -> "The tenant is unknown: set " + tenant + " to the directory (tenant) id.";
			case "700027", "700023", "50012" -> "Microsoft Entra ID refused the client certificate: upload its public "
					+ "certificate to the app registration, or set " + certificate + " to the one registered.";
			default -> "Microsoft Entra ID refused the service principal: check " + tenant + ", " + client + " and "
					+ (environment || !this.source.clientCertificate() ? secret : certificate) + ".";
		};
	}

	private String applicationBeanNote() {
		return this.source.isApplicationBean() ? "The token comes from the application's own TokenCredential bean ("
				+ this.source.name() + "); azure.redis.credential.* is not used while it exists." : "";
	}

	private static String giveAnIdentity() {
		return "Give the application an identity that Microsoft Entra ID can authenticate:";
	}

	private static String developerMachine(boolean cliMissing) {
		return "- On a developer machine: " + (cliMissing ? "install the Azure CLI and " : "")
				+ "sign in with 'az login', with an account that is a Redis user of the cache; to use only that "
				+ "sign-in, set AZURE_REDIS_CREDENTIAL_TYPE=azure-cli (azure.redis.credential.type=azure-cli).";
	}

	private static String onAzure() {
		return "- On Azure (App Service, Container Apps, AKS, a VM): assign a managed identity to the application and "
				+ "add it as a Redis user of the cache; for a user-assigned identity, set azure.redis.credential.client-id "
				+ "(AZURE_REDIS_CREDENTIAL_CLIENT_ID) to its client id.";
	}

	private static String servicePrincipalSetup() {
		return "- Elsewhere, with a service principal: set azure.redis.credential.tenant-id, "
				+ "azure.redis.credential.client-id and azure.redis.credential.client-secret (or "
				+ "azure.redis.credential.client-certificate-path).";
	}

	private static String alternatives() {
		return "To use an access key instead, set spring.data.redis.password; for a Redis without authentication, set "
				+ "azure.redis.authentication=none.";
	}

	private static boolean cliMissing(List<Attempt> attempts) {
		return attempts.stream()
			.anyMatch((attempt) -> attempt.credential().startsWith("AzureCli")
					&& attempt.reason().toLowerCase(Locale.ROOT).contains("not installed"));
	}

	private static boolean isManagedIdentity(String credential) {
		return credential.startsWith("ManagedIdentity");
	}

	private static boolean identityNotFound(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = text(cause.getMessage()).toLowerCase(Locale.ROOT);
			if (message.contains("identity not found") || message.contains("no managed identity found")
					|| message.contains("no managed identity endpoint found")) {
				return true;
			}
		}
		return false;
	}

	private static boolean unreachable(Throwable failure) {
		return cause(failure, ConnectException.class) != null || cause(failure, NoRouteToHostException.class) != null
				|| cause(failure, UnknownHostException.class) != null
				|| cause(failure, SocketTimeoutException.class) != null
				|| text(failure.getMessage()).contains("No response received from the IMDS endpoint");
	}

	private static <T extends Throwable> @Nullable T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static @Nullable CredentialUnavailableException unavailable(Throwable failure) {
		return cause(failure, CredentialUnavailableException.class);
	}

	private static @Nullable String aadsts(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			Matcher matcher = AADSTS.matcher(text(cause.getMessage()));
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		return null;
	}

	/**
	 * The deepest cause, with the nearest message when it has none of its own (network exceptions often have
	 * none).
	 */
	private static String innermost(Throwable failure) {
		Throwable root = failure;
		String message = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			root = cause;
			if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
				message = cause.getMessage();
			}
		}
		String text = (message != null) ? withoutLinks(firstLine(message)).replaceFirst("^null: ", "") : "";
		return root.getClass().getName() + (text.isEmpty() ? "" : ": " + text);
	}

	private static boolean informative(String message) {
		return !message.isBlank() && !message.contains(GENERIC_FAILURE);
	}

	static String withoutLinks(String text) {
		// azure-identity sometimes glues its advice to the end of a link ("...troubleshootTo mitigate").
		String separated = GLUED_ADVICE.matcher(text).replaceAll(" $1");
		return LINK.matcher(separated).replaceAll("").strip();
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return ((newline >= 0) ? text.substring(0, newline) : text).strip();
	}

	private static String text(@Nullable String message) {
		return (message != null) ? message : "";
	}

}
