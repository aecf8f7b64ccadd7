package io.github.azureredis.credentials;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttling signals in the shapes azure-identity reports them.
 */
class ThrottlingTests {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	@Test
	void azureCoreResponseWithRetryAfterSeconds() {
		Throttling throttling = Throttling.of(failure(429, "Retry-After", "12"), NOW);
		assertThat(throttling).isEqualTo(new Throttling(true, Duration.ofSeconds(12)));
	}

	@Test
	void azureCoreResponseWithRetryAfterDate() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(40).atZone(ZoneOffset.UTC));
		assertThat(Throttling.of(failure(503, "Retry-After", date), NOW).retryAfter()).isEqualTo(Duration.ofSeconds(40));
	}

	@Test
	void millisecondHeadersComeFirst() {
		assertThat(Throttling.of(failure(429, "retry-after-ms", "1500"), NOW).retryAfter())
			.isEqualTo(Duration.ofMillis(1500));
		assertThat(Throttling.of(failure(429, "x-ms-retry-after-ms", "250"), NOW).retryAfter())
			.isEqualTo(Duration.ofMillis(250));
	}

	@Test
	void status429WithoutRetryAfter() {
		assertThat(Throttling.of(failure(429, "Content-Type", "application/json"), NOW))
			.isEqualTo(new Throttling(true, null));
	}

	@Test
	void otherStatusIsNotThrottling() {
		assertThat(Throttling.of(failure(500, "Content-Type", "application/json"), NOW)).isEqualTo(Throttling.NONE);
	}

	@Test
	void msalServiceExceptionWithStatusAndHeadersInAnyCase() {
		MsalServiceException msal = new MsalServiceException("AADSTS50196: too many identical requests", "429") {

			@Override
			public Integer statusCode() {
				return 429;
			}

			@Override
			public Map<String, List<String>> headers() {
				return Map.of("retry-after", List.of("3"));
			}

		};
		Throwable failure = new ClientAuthenticationException("ClientSecretCredential authentication failed", null, msal);
		assertThat(Throttling.of(failure, NOW)).isEqualTo(new Throttling(true, Duration.ofSeconds(3)));
	}

	@Test
	void msalRemembersAnEarlierThrottle() {
		Throwable failure = new ClientAuthenticationException("Managed Identity authentication failed", null,
				new MsalThrottlingException(4200));
		assertThat(Throttling.of(failure, NOW)).isEqualTo(new Throttling(true, Duration.ofMillis(4200)));
	}

	@Test
	void managedIdentityErrorsCarryOnlyTheirMessage() {
		// As MSAL 1.26 reports a managed identity endpoint's 429: no status, no headers.
		Throwable failure = new ClientAuthenticationException(
				"Managed Identity authentication failed, see inner exception for more information.", null,
				new MsalServiceException(
						"[Managed Identity] Error Code: invalid_request Error Message: Too many requests",
						"managed_identity_request_failed"));
		assertThat(Throttling.of(failure, NOW)).isEqualTo(new Throttling(true, null));
	}

	@Test
	void numbersInMessagesAreNotThrottling() {
		Throwable failure = new ClientAuthenticationException(
				"AADSTS7000215: Invalid client secret provided. Trace ID: 0429abcd-1234. Timestamp: 2026-11-30 10:00:00.429Z",
				null, null);
		assertThat(Throttling.of(failure, NOW)).isEqualTo(Throttling.NONE);
	}

	private static Throwable failure(int status, String header, String value) {
		HttpHeaders headers = new HttpHeaders().set(header, value);
		HttpResponse response = new HttpResponse(new HttpRequest(HttpMethod.POST, "https://login.example.test")) {

			@Override
			public int getStatusCode() {
				return status;
			}

			@Override
			@Deprecated
			public String getHeaderValue(String name) {
				return headers.getValue(name);
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

			@Override
			public Flux<ByteBuffer> getBody() {
				return Flux.empty();
			}

			@Override
			public Mono<byte[]> getBodyAsByteArray() {
				return Mono.just(new byte[0]);
			}

			@Override
			public Mono<String> getBodyAsString() {
				return Mono.just("");
			}

			@Override
			public Mono<String> getBodyAsString(Charset charset) {
				return Mono.just("");
			}

		};
		return new RuntimeException("wrapped", new ClientAuthenticationException("refused (" + status + ")", response));
	}

}
