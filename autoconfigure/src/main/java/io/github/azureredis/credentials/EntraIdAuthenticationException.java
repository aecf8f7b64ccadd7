package io.github.azureredis.credentials;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Microsoft Entra ID could not authenticate the application to Redis: what went wrong, each credential tried and why
 * it could not be used, the innermost cause, and what to do. Messages never contain a token or a secret: text from
 * the identity library is scrubbed of anything shaped like a token, and secrets are never part of it.
 *
 * @author Azure Redis Cache contributors
 */
public class EntraIdAuthenticationException extends RuntimeException {

	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*)?");

	private final Reason reason;

	private final String detail;

	private final List<Attempt> attempts;

	private final @Nullable String innermostCause;

	private final String action;

	/**
	 * Creates an exception.
	 * @param reason what went wrong
	 * @param detail what the identity library said, or more context
	 * @param cause the cause, if any
	 */
	public EntraIdAuthenticationException(Reason reason, String detail, @Nullable Throwable cause) {
		this(reason, detail, cause, List.of(), null, reason.action);
	}

	EntraIdAuthenticationException(Reason reason, String detail, @Nullable Throwable cause, List<Attempt> attempts,
			@Nullable String innermostCause, String action) {
		super(reason.summary + ": " + scrub(detail), cause);
		this.reason = reason;
		this.detail = scrub(detail);
		this.attempts = List.copyOf(attempts);
		this.innermostCause = (innermostCause != null) ? scrub(innermostCause) : null;
		this.action = action;
	}

	/** @return what went wrong */
	public Reason getReason() {
		return this.reason;
	}

	/** @return what the identity library said, without tokens */
	public String getDetail() {
		return this.detail;
	}

	/** @return each credential tried, in order, with why it could not be used; empty when not known */
	public List<Attempt> getAttempts() {
		return this.attempts;
	}

	/** @return the innermost cause (type and message), or {@code null} if there is none */
	public @Nullable String getInnermostCause() {
		return this.innermostCause;
	}

	/** @return what to do about it: the property to set or the command to run */
	public String getAction() {
		return this.action;
	}

	/**
	 * The message, each credential tried and the innermost cause, one per line, as failure reports and warnings
	 * show them.
	 * @return the description
	 */
	public String describe() {
		String message = String.valueOf(getMessage());
		StringBuilder description = new StringBuilder(message);
		List<Attempt> untold = this.attempts.stream().filter((attempt) -> !message.contains(attempt.reason())).toList();
		if (!untold.isEmpty()) {
			description.append("\nCredentials tried:");
			untold.forEach((attempt) -> description.append("\n  - ").append(attempt));
		}
		if (this.innermostCause != null && !message.contains(this.innermostCause)) {
			description.append("\nInnermost cause: ").append(this.innermostCause);
		}
		return description.toString();
	}

	/**
	 * Removes anything shaped like a JWT from a text.
	 * @param text a message
	 * @return the message with tokens replaced by {@code [token]}
	 */
	static String scrub(@Nullable String text) {
		return (text != null) ? JWT.matcher(text).replaceAll("[token]") : "";
	}

	/**
	 * Why authentication failed.
	 */
	public enum Reason {

		/** No credential could be found or used (not signed in, no managed identity, no environment). */
		NO_CREDENTIAL("No Microsoft Entra ID credential is available for Redis",
				TokenFailureDiagnosis.NO_CREDENTIAL_ACTION),

		/** The token does not say which identity it belongs to, so the AUTH user name is unknown. */
		NO_OBJECT_ID("The Microsoft Entra ID access token has no 'oid' (object id) claim",
				"Set azure.redis.username to the object (principal) id of the identity, as listed as a Redis user "
						+ "under the cache's Authentication settings in the Azure portal."),

		/** Microsoft Entra ID does not know the requested scope. */
		UNKNOWN_SCOPE("Microsoft Entra ID does not know the scope requested for Redis",
				"Set azure.redis.token.scope to the Redis scope of your cloud. In the public cloud it is "
						+ "https://redis.azure.com/.default (the default)."),

		/** The token request failed for another reason (refused credential, network, timeout). */
		TOKEN_REQUEST_FAILED("The Microsoft Entra ID token request for Redis failed",
				"Check that the identity provider is reachable from the application; the token is requested again "
						+ "automatically."),

		/** The token expired and no new one could be obtained yet. */
		TOKEN_EXPIRED("The Microsoft Entra ID access token for Redis has expired and could not be refreshed yet",
				"Check that the identity provider is reachable from the application: the token is refreshed "
						+ "automatically once it is.");

		private final String summary;

		private final String action;

		Reason(String summary, String action) {
			this.summary = summary;
			this.action = action;
		}

		/** @return a one-line summary */
		public String summary() {
			return this.summary;
		}

		/** @return what to do, when nothing more specific is known */
		public String action() {
			return this.action;
		}

	}

	/**
	 * One credential tried for a token, and why it gave none.
	 *
	 * @param credential the credential's name, e.g. {@code ManagedIdentityCredential}, or {@code null} where the
	 * identity library names it only in the reason
	 * @param outcome whether it was unavailable or failed
	 * @param reason why, in the identity library's words without its links to documentation
	 */
	public record Attempt(@Nullable String credential, Outcome outcome, String reason) {

		@Override
		public String toString() {
			return (this.credential != null) ? this.credential + ": " + this.outcome.text + ": " + this.reason
					: this.reason;
		}

	}

	/**
	 * How a credential failed to give a token.
	 */
	public enum Outcome {

		/** The credential is not set up where the application runs; the chain moved on to the next one. */
		UNAVAILABLE("unavailable"),

		/** The credential is set up but its request failed; a chain stops there. */
		FAILED("failed");

		private final String text;

		Outcome(String text) {
			this.text = text;
		}

	}

}
