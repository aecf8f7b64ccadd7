package io.github.azureredis.credentials;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.azure.identity.AzureCliCredential;
import com.azure.identity.ClientAssertionCredential;
import com.azure.identity.ClientCertificateCredential;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.CredentialUnavailableException;
import com.azure.identity.EnvironmentCredential;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.WorkloadIdentityCredential;
import com.microsoft.aad.msal4j.MsalError;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.github.azureredis.credentials.CredentialProperties.Type;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Attempt;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Outcome;
import io.github.azureredis.credentials.EntraIdAuthenticationException.Reason;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;

/**
 * Turns a failed token request into an {@link EntraIdAuthenticationException} that says which credentials were
 * tried, why each gave no token, the innermost cause, and what to do where the application runs.
 * <p>
 * It goes by the types and fields that azure-identity and MSAL give: {@link CredentialUnavailableException} (no
 * credential is set up), {@link MsalServiceException} (Microsoft Entra ID or a managed identity endpoint answered,
 * with an OAuth or MSAL error code), the JDK's network exceptions (nothing answered). Two things azure-identity gives
 * only as text are read from it, and {@code TokenFailureDiagnosisTests} hold both against the exceptions its real
 * credentials raise, so that a new wording fails the build:
 * <ul>
 * <li>a chain ({@code DefaultAzureCredential}) that found nothing throws one exception whose message joins every
 * credential's message, one per line, and drops their exceptions: the report lists the lines;</li>
 * <li>a chain that stopped at a failing credential names it only in its message ({@code "<chain> authentication
 * failed. ---> <credential> authentication failed. ..."}).</li>
 * </ul>
 * Sentences that only point to Microsoft's documentation are left out. The advice mentions secrets, certificates
 * and tenants only for a service principal, the one credential that has them.
 *
 * @author Azure Redis Cache contributors
 */
final class TokenFailureDiagnosis {

	/** What to do when no credential is available and nothing more specific is known. */
	static final String NO_CREDENTIAL_ACTION = String.join("\n", giveAnIdentity(), developerMachine(), onAzure(),
			servicePrincipalSetup(), alternatives());

	private static final Pattern CHAIN_STOPPED = Pattern
		.compile("^(\\w+) authentication failed\\. ---> (\\w+) authentication failed\\.");

	/** A full stop before a capital, with or without a space between: azure-identity glues some sentences. */
	private static final Pattern SENTENCE_END = Pattern.compile("\\.(?=\\s*[A-Z])");

	private static final Pattern DOCUMENTATION_LINK = Pattern
		.compile("https?://(aka\\.ms|learn\\.microsoft\\.com|docs\\.microsoft\\.com)/");

	/** OAuth errors for a scope Microsoft Entra ID does not know (RFC 6749, and Microsoft Entra ID's own). */
	private static final Set<String> UNKNOWN_SCOPE_ERRORS = Set.of("invalid_scope", "invalid_resource");

	private static final Map<String, Type> KIND_OF_CREDENTIAL = Map.of(
			ManagedIdentityCredential.class.getSimpleName(), Type.MANAGED_IDENTITY,
			AzureCliCredential.class.getSimpleName(), Type.AZURE_CLI,
			WorkloadIdentityCredential.class.getSimpleName(), Type.WORKLOAD_IDENTITY,
			ClientAssertionCredential.class.getSimpleName(), Type.WORKLOAD_IDENTITY,
			ClientSecretCredential.class.getSimpleName(), Type.SERVICE_PRINCIPAL,
			ClientCertificateCredential.class.getSimpleName(), Type.SERVICE_PRINCIPAL,
			EnvironmentCredential.class.getSimpleName(), Type.SERVICE_PRINCIPAL);

	private static final String PREFIX = "azure.redis.credential.";

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
			return new EntraIdAuthenticationException(Reason.TOKEN_REQUEST_FAILED, this.source.name()
					+ " gave no answer within azure.redis.token.request-timeout (" + this.requestTimeout + ")",
					failure, List.of(), null, "Check that the identity provider is reachable from the application. "
							+ "If it is only slow, raise azure.redis.token.request-timeout.");
		}
		String explanation = explanation(failure);
		String innermost = innermostUnlessShown(failure, explanation);
		MsalServiceException answer = cause(failure, MsalServiceException.class);
		if (answer != null && UNKNOWN_SCOPE_ERRORS.contains(answer.errorCode())) {
			return new EntraIdAuthenticationException(Reason.UNKNOWN_SCOPE, "scope [" + this.scope + "]: "
					+ explanation, failure, List.of(), innermost, Reason.UNKNOWN_SCOPE.action());
		}
		CredentialUnavailableException unavailable = cause(failure, CredentialUnavailableException.class);
		if (unavailable != null) {
			List<Attempt> attempts = text(unavailable.getMessage()).lines()
				.filter((line) -> !line.isBlank())
				.map((line) -> new Attempt(null, Outcome.UNAVAILABLE, withoutDocumentationLinks(line)))
				.toList();
			String detail = this.source.name() + " found no credential to use"
					+ ((attempts.size() > 1) ? " among the " + attempts.size() + " it tried" : "");
			return new EntraIdAuthenticationException(Reason.NO_CREDENTIAL, detail, failure, attempts, innermost,
					noCredentialAction());
		}
		Matcher stopped = CHAIN_STOPPED.matcher(text(failure.getMessage()));
		String chain = stopped.find() ? stopped.group(1) : null;
		String credential = (chain != null) ? stopped.group(2) : this.source.name();
		List<Attempt> attempts = new ArrayList<>((chain != null) ? skippedBefore(chain, credential) : List.of());
		attempts.add(new Attempt(credential, Outcome.FAILED, explanation));
		String detail = (chain != null) ? chain + " stopped at " + credential + ", which failed (the credentials "
				+ "before it in its chain were unavailable, those after it were not tried): " + explanation
				: credential + " failed: " + explanation;
		Type kind = KIND_OF_CREDENTIAL.getOrDefault(credential, Type.DEFAULT);
		Reason reason = (kind == Type.MANAGED_IDENTITY && noSuchManagedIdentity(failure, answer)) ? Reason.NO_CREDENTIAL
				: Reason.TOKEN_REQUEST_FAILED;
		return new EntraIdAuthenticationException(reason, detail, failure, attempts, innermost,
				String.join("\n", applicationBeanNote(), advice(kind, credential, failure, answer)).strip());
	}

	private String advice(Type kind, String credential, Throwable failure, @Nullable MsalServiceException answer) {
		if (kind == Type.MANAGED_IDENTITY) {
			return managedIdentity(failure, answer);
		}
		if (kind == Type.AZURE_CLI) {
			return azureCli();
		}
		if (unreachable(failure)) {
			return unreachable();
		}
		return switch (kind) {
			case WORKLOAD_IDENTITY -> workloadIdentity(failure);
			case SERVICE_PRINCIPAL -> servicePrincipal(credential, answer);
			default -> Reason.TOKEN_REQUEST_FAILED.action();
		};
	}

	/**
	 * The credentials {@code DefaultAzureCredential} found unavailable before the managed identity, the usual place
	 * its chain stops on a machine that is not an Azure resource. azure-identity names them only in its logs; both
	 * come first in its chain and are set up by environment variables alone, so what is missing is read from the
	 * environment.
	 */
	private List<Attempt> skippedBefore(String chain, String stoppedAt) {
		if (!"DefaultAzureCredential".equals(chain) || KIND_OF_CREDENTIAL.get(stoppedAt) != Type.MANAGED_IDENTITY) {
			return List.of();
		}
		List<String> servicePrincipal = missing("AZURE_TENANT_ID", "AZURE_CLIENT_ID");
		if (missing("AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH").size() == 2) {
			servicePrincipal.add("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH");
		}
		return List.of(
				new Attempt(EnvironmentCredential.class.getSimpleName(), Outcome.UNAVAILABLE,
						notSet(servicePrincipal, "a service principal in environment variables")),
				new Attempt(WorkloadIdentityCredential.class.getSimpleName(), Outcome.UNAVAILABLE,
						notSet(missing("AZURE_FEDERATED_TOKEN_FILE"), "a workload identity (AKS sets it)")));
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

	private String noCredentialAction() {
		Type type = this.source.type();
		if (type == Type.MANAGED_IDENTITY) {
			return String.join("\n", managedIdentityMissing(), alternatives());
		}
		if (type == Type.AZURE_CLI) {
			return String.join("\n", azureCli(), alternatives());
		}
		if (type == Type.WORKLOAD_IDENTITY) {
			return String.join("\n", workloadIdentity(), alternatives());
		}
		return String.join("\n", applicationBeanNote(), NO_CREDENTIAL_ACTION).strip();
	}

	private String managedIdentity(Throwable failure, @Nullable MsalServiceException answer) {
		if (Throttling.of(failure, Instant.EPOCH).throttled()) {
			return "The managed identity endpoint throttles token requests: the starter waits as it asks and tries "
					+ "again. Check that nothing else on this host requests tokens in a loop.";
		}
		if (noSuchManagedIdentity(failure, answer)) {
			return managedIdentityMissing();
		}
		String notOnAzure = (answer != null)
				? "The managed identity endpoint answered without a token: this machine may not be an Azure resource "
						+ "(another cloud's VM, a proxy or a container network answers at that address)."
				: "No managed identity endpoint answered: this machine is not an Azure resource with a managed identity.";
		return notOnAzure + " On a developer machine, sign in with 'az login' and set AZURE_REDIS_CREDENTIAL_TYPE="
				+ "azure-cli (azure.redis.credential.type=azure-cli) so that the managed identity is not tried. On Azure, "
				+ "assign a managed identity to the application" + userAssigned() + ".";
	}

	/**
	 * Whether the managed identity endpoint answered with an error status ("Identity not found"): MSAL gives its
	 * code, not the status.
	 */
	private static boolean noSuchManagedIdentity(Throwable failure, @Nullable MsalServiceException answer) {
		return answer != null && MsalError.MANAGED_IDENTITY_REQUEST_FAILED.equals(answer.errorCode())
				&& !Throttling.of(failure, Instant.EPOCH).throttled();
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

	private static String azureCli() {
		return "Sign in with 'az login' (install the Azure CLI first if it is missing), with an account that is a "
				+ "Redis user of the cache; check with 'az account get-access-token --resource https://redis.azure.com'.";
	}

	private String unreachable() {
		return "The identity provider is unreachable from the application: check DNS, firewall and proxy (HTTPS_PROXY) "
				+ "settings" + (this.source.isApplicationBean() ? "." : ", and " + PREFIX + "authority-host for a "
						+ "sovereign cloud.");
	}

	private String workloadIdentity(Throwable failure) {
		if (cause(failure, FileSystemException.class) != null) {
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

	/**
	 * What to check, by the OAuth error of Microsoft Entra ID's answer: {@code invalid_client} for a wrong or expired
	 * secret or an unregistered certificate, {@code unauthorized_client} for a client id the tenant does not know.
	 */
	private String servicePrincipal(String credential, @Nullable MsalServiceException answer) {
		boolean environment = EnvironmentCredential.class.getSimpleName().equals(credential);
		String tenant = environment ? "AZURE_TENANT_ID" : PREFIX + "tenant-id";
		String client = environment ? "AZURE_CLIENT_ID" : PREFIX + "client-id";
		String secret = environment ? "AZURE_CLIENT_SECRET" : PREFIX + "client-secret";
		String certificate = PREFIX + "client-certificate-path";
		boolean usesCertificate = !environment && this.source.clientCertificate();
		String error = (answer != null) ? answer.errorCode() : null;
		if ("invalid_client".equals(error)) {
			return usesCertificate
					? "Microsoft Entra ID refused the client certificate: upload its public certificate to the app "
							+ "registration, or set " + certificate + " to the one registered."
					: "Microsoft Entra ID refused the client secret: set " + secret + " to the value (not the secret "
							+ "id) of a secret of the app registration that has not expired.";
		}
		if ("unauthorized_client".equals(error)) {
			return "No application with that client id exists in the tenant: check " + client + " (the application "
					+ "(client) id of the app registration) and " + tenant + ".";
		}
		return "Microsoft Entra ID refused the service principal: check " + tenant + ", " + client + " and "
				+ (usesCertificate ? certificate : secret) + ".";
	}

	private String applicationBeanNote() {
		return this.source.isApplicationBean() ? "The token comes from the application's own TokenCredential bean ("
				+ this.source.name() + "); azure.redis.credential.* is not used while it exists." : "";
	}

	private static String giveAnIdentity() {
		return "Give the application an identity that Microsoft Entra ID can authenticate:";
	}

	private static String developerMachine() {
		return "- On a developer machine: sign in with 'az login' (install the Azure CLI first if it is missing), with "
				+ "an account that is a Redis user of the cache; to use only that sign-in, set "
				+ "AZURE_REDIS_CREDENTIAL_TYPE=azure-cli (azure.redis.credential.type=azure-cli).";
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

	private static boolean unreachable(Throwable failure) {
		return cause(failure, SocketException.class) != null || cause(failure, UnknownHostException.class) != null
				|| cause(failure, UnresolvedAddressException.class) != null
				|| cause(failure, SocketTimeoutException.class) != null
				|| cause(failure, HttpTimeoutException.class) != null;
	}

	private static <T extends Throwable> @Nullable T cause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * Why the credential gave no token: MSAL's message (Microsoft Entra ID's or the managed identity endpoint's
	 * answer), the deepest in the chain, since azure-identity's wrappers of it only say "see inner exception";
	 * otherwise azure-identity's own message.
	 */
	private static String explanation(Throwable failure) {
		String answer = null;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof MsalException && !text(cause.getMessage()).isBlank()) {
				answer = cause.getMessage();
			}
		}
		String explanation = (answer != null) ? firstLine(answer)
				: withoutDocumentationLinks(firstLine(failure.getMessage()));
		return explanation.isEmpty() ? innermost(failure) : explanation;
	}

	/** The deepest cause: its type, and the first line of its message if it has one. */
	private static String innermost(Throwable failure) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		String message = firstLine(root.getMessage());
		return root.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
	}

	/** The innermost cause, unless it is the failure itself or its message is the explanation already shown. */
	private static @Nullable String innermostUnlessShown(Throwable failure, String explanation) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		String message = firstLine(root.getMessage());
		return (root == failure || (!message.isEmpty() && explanation.contains(message))) ? null : innermost(failure);
	}

	private static String firstLine(@Nullable String message) {
		return text(message).strip().lines().findFirst().orElse("");
	}

	/**
	 * Leaves out the sentences of azure-identity's messages that link to Microsoft's documentation: it ends most of
	 * them with one ("To mitigate this issue, please refer to ... https://aka.ms/..."), which would repeat in every
	 * line of the report.
	 */
	static String withoutDocumentationLinks(String text) {
		StringBuilder kept = new StringBuilder();
		Matcher sentenceEnd = SENTENCE_END.matcher(text);
		int start = 0;
		while (start < text.length()) {
			int end = sentenceEnd.find() ? sentenceEnd.end() : text.length();
			String sentence = text.substring(start, end);
			if (!DOCUMENTATION_LINK.matcher(sentence).find()) {
				kept.append(sentence);
			}
			start = end;
		}
		return kept.toString().strip();
	}

	private static String text(@Nullable String message) {
		return (message != null) ? message : "";
	}

}
