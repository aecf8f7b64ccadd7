package io.github.azureredis.credentials;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import org.jspecify.annotations.Nullable;

/**
 * What the identity provider said about throttling when a token request failed: HTTP 429, and how long to wait
 * ({@code Retry-After}, {@code retry-after-ms}, {@code x-ms-retry-after-ms}). azure-identity reports these in three
 * shapes, which neither it nor azure-core turns into one: azure-core's {@link HttpResponseException}, MSAL's
 * {@link MsalServiceException} (status and headers from Microsoft Entra ID) and {@link MsalThrottlingException}
 * (MSAL's own memory of an earlier 429); MSAL's managed identity errors carry only their message.
 *
 * @param throttled whether the identity provider refused the request for its rate
 * @param retryAfter how long it asked to wait, if it said
 * @author Azure Redis Cache contributors
 */
record Throttling(boolean throttled, @Nullable Duration retryAfter) {

	static final Throttling NONE = new Throttling(false, null);

	private static final int TOO_MANY_REQUESTS = 429;

	private static final Pattern THROTTLED_MESSAGE = Pattern
		.compile("(?i)too many requests|throttl|(status|code)\\W{0,3}429\\b");

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
			if (cause instanceof MsalServiceException msal) {
				Duration retryAfter = retryAfter(msal.headers(), now);
				boolean tooMany = msal.statusCode() != null && msal.statusCode() == TOO_MANY_REQUESTS;
				if (retryAfter != null || tooMany) {
					return new Throttling(true, retryAfter);
				}
			}
			if (cause instanceof HttpResponseException http && http.getResponse() != null) {
				HttpResponse response = http.getResponse();
				Duration retryAfter = retryAfter((name) -> response.getHeaders().getValue(name), now);
				if (retryAfter != null || response.getStatusCode() == TOO_MANY_REQUESTS) {
					return new Throttling(true, retryAfter);
				}
			}
			if (cause.getMessage() != null && THROTTLED_MESSAGE.matcher(cause.getMessage()).find()) {
				throttled = true;
			}
		}
		return throttled ? new Throttling(true, null) : NONE;
	}

	private static @Nullable Duration retryAfter(@Nullable Map<String, List<String>> headers, Instant now) {
		if (headers == null) {
			return null;
		}
		return retryAfter((name) -> headers.entrySet()
			.stream()
			.filter((header) -> header.getKey() != null && header.getKey().equalsIgnoreCase(name))
			.flatMap((header) -> header.getValue().stream())
			.findFirst()
			.orElse(null), now);
	}

	private static @Nullable Duration retryAfter(Function<String, @Nullable String> header, Instant now) {
		for (String name : List.of("retry-after-ms", "x-ms-retry-after-ms")) {
			String value = header.apply(name);
			if (value != null) {
				try {
					return Duration.ofMillis(Math.max(0, Long.parseLong(value.trim())));
				}
				catch (NumberFormatException ex) {
					// Malformed: try the next header.
				}
			}
		}
		String value = header.apply("Retry-After");
		if (value == null) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			// Not a number of seconds: an HTTP date.
		}
		try {
			Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
