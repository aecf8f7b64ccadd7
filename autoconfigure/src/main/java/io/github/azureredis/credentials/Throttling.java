package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import org.jspecify.annotations.Nullable;

/**
 * What the identity provider said about throttling when a token request failed: HTTP 429, and how long to wait
 * ({@code Retry-After}, {@code retry-after-ms}, {@code x-ms-retry-after-ms}). azure-identity reports these in
 * three shapes and turns none of them into a delay: azure-core's {@link HttpResponseException}, MSAL's
 * {@link MsalServiceException} (status and headers from Microsoft Entra ID) and {@link MsalThrottlingException}
 * (MSAL's memory of an earlier 429). azure-core parses these headers only in its retry policy, not as API. MSAL's
 * managed identity errors carry neither status nor headers, only a message ("MSI returned 429 ..."), so the status is
 * read from there; {@code TokenFailureDiagnosisTests} hold that against MSAL's real exception.
 *
 * @param throttled whether the identity provider refused the request for its rate
 * @param retryAfter how long it asked to wait, if it said
 * @author Azure Redis Cache contributors
 */
record Throttling(boolean throttled, @Nullable Duration retryAfter) {

	static final Throttling NONE = new Throttling(false, null);

	private static final int TOO_MANY_REQUESTS = 429;

	private static final Pattern THROTTLED_MESSAGE = Pattern
		.compile("(?i)too many requests|throttl|(status|code|returned)\\W{0,3}429\\b");

	/**
	 * Reads the throttling signals from a failure and its causes.
	 * @param failure the failure of a token request
	 * @param now the current time, for a {@code Retry-After} given as a date
	 * @return the throttling, or {@link #NONE}
	 */
	static Throttling of(Throwable failure, Instant now) {
		boolean throttled = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof MsalThrottlingException msal) {
				return new Throttling(true, Duration.ofMillis(Math.max(0, msal.retryInMs())));
			}
			if (cause instanceof MsalServiceException msal && msal.headers() != null) {
				HttpHeaders headers = new HttpHeaders();
				msal.headers().forEach((name, values) -> {
					if (name != null) {
						headers.set(HttpHeaderName.fromString(name), values);
					}
				});
				Throttling throttling = of(msal.statusCode(), headers, now);
				if (throttling.throttled()) {
					return throttling;
				}
			}
			if (cause instanceof HttpResponseException http && http.getResponse() != null) {
				Throttling throttling = of(http.getResponse().getStatusCode(), http.getResponse().getHeaders(), now);
				if (throttling.throttled()) {
					return throttling;
				}
			}
			throttled |= cause.getMessage() != null && THROTTLED_MESSAGE.matcher(cause.getMessage()).find();
		}
		return throttled ? new Throttling(true, null) : NONE;
	}

	private static Throttling of(@Nullable Integer status, HttpHeaders headers, Instant now) {
		Duration retryAfter = retryAfter(headers, now);
		boolean tooMany = status != null && status == TOO_MANY_REQUESTS;
		return (retryAfter != null || tooMany) ? new Throttling(true, retryAfter) : NONE;
	}

	private static @Nullable Duration retryAfter(HttpHeaders headers, Instant now) {
		for (HttpHeaderName milliseconds : List.of(HttpHeaderName.RETRY_AFTER_MS, HttpHeaderName.X_MS_RETRY_AFTER_MS)) {
			Long value = number(headers.getValue(milliseconds));
			if (value != null) {
				return Duration.ofMillis(Math.max(0, value));
			}
		}
		String value = headers.getValue(HttpHeaderName.RETRY_AFTER);
		if (value == null) {
			return null;
		}
		Long seconds = number(value);
		if (seconds != null) {
			return Duration.ofSeconds(Math.max(0, seconds));
		}
		try {
			Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static @Nullable Long number(@Nullable String value) {
		try {
			return (value != null) ? Long.parseLong(value.trim()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
