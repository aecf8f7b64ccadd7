package io.github.azureredis.credentials;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Microsoft Entra ID could not authenticate the application to Redis. Messages never contain a token: text from
 * the identity library is scrubbed of anything shaped like one.
 *
 * @author Azure Redis Cache contributors
 */
public class EntraIdAuthenticationException extends RuntimeException {

	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*)?");

	private final Reason reason;

	private final String detail;

	/**
	 * Creates an exception.
	 * @param reason what went wrong
	 * @param detail what the identity library said, or more context
	 * @param cause the cause, if any
	 */
	public EntraIdAuthenticationException(Reason reason, String detail, @Nullable Throwable cause) {
		super(reason.summary + ": " + scrub(detail), cause);
		this.reason = reason;
		this.detail = scrub(detail);
	}

	/** @return what went wrong */
	public Reason getReason() {
		return this.reason;
	}

	/** @return what the identity library said, without tokens */
	public String getDetail() {
		return this.detail;
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
		NO_CREDENTIAL("No Microsoft Entra ID credential is available for Redis"),

		/** The token does not say which identity it belongs to, so the AUTH user name is unknown. */
		NO_OBJECT_ID("The Microsoft Entra ID access token has no 'oid' (object id) claim"),

		/** Microsoft Entra ID does not know the requested scope. */
		UNKNOWN_SCOPE("Microsoft Entra ID does not know the scope requested for Redis"),

		/** The token request failed for another reason (wrong secret, network, timeout). */
		TOKEN_REQUEST_FAILED("The Microsoft Entra ID token request for Redis failed"),

		/** The token expired and no new one could be obtained yet. */
		TOKEN_EXPIRED("The Microsoft Entra ID access token for Redis has expired and could not be refreshed yet");

		private final String summary;

		Reason(String summary) {
			this.summary = summary;
		}

		/** @return a one-line summary */
		public String summary() {
			return this.summary;
		}

	}

}
