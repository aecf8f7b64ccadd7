package io.github.azureredis.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * A stand-in for Microsoft Entra ID that issues JWT-shaped access tokens (with {@code oid} and {@code exp} claims,
 * signed with a key only it knows) and verifies them for the {@link AzureLikeRedis} server.
 */
public final class FakeEntraId {

	/** The audience of Azure Redis tokens. */
	public static final String AUDIENCE = "https://redis.azure.com";

	/** The scope clients request for Azure Redis. */
	public static final String SCOPE = AUDIENCE + "/.default";

	private static final Pattern OID = Pattern.compile("\"oid\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");

	private final byte[] key = new byte[32];

	private final String tenantId = UUID.randomUUID().toString();

	private final Clock clock;

	/** Creates an issuer with a fresh random signing key, on the system clock. */
	public FakeEntraId() {
		this(Clock.systemUTC());
	}

	/**
	 * Creates an issuer with a fresh random signing key.
	 * @param clock when tokens are issued, so that tests can move time instead of waiting
	 */
	public FakeEntraId(Clock clock) {
		this.clock = clock;
		new SecureRandom().nextBytes(this.key);
	}

	/** @return the issuer's clock */
	public Clock clock() {
		return this.clock;
	}

	/** @return the tenant id written into the tokens */
	public String tenantId() {
		return this.tenantId;
	}

	/**
	 * Issues a token for an identity.
	 * @param objectId the identity's object id, or {@code null} for a token without an {@code oid} claim
	 * @param lifetime how long the token is valid (rounded down to whole seconds, as {@code exp} is)
	 * @return the token
	 */
	public Token issue(@Nullable String objectId, Duration lifetime) {
		Instant now = this.clock.instant();
		long expires = now.plus(lifetime).getEpochSecond();
		String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
		String payload = "{\"aud\":\"" + AUDIENCE + "\",\"iss\":\"https://login.fake-entra.test/" + this.tenantId
				+ "/v2.0\"," + ((objectId != null) ? "\"oid\":\"" + objectId + "\"," : "") + "\"tid\":\""
				+ this.tenantId + "\",\"iat\":" + now.getEpochSecond() + ",\"nbf\":" + now.getEpochSecond()
				+ ",\"exp\":" + expires + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
		String unsigned = base64(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64(payload.getBytes(StandardCharsets.UTF_8));
		return new Token(unsigned + "." + base64(sign(unsigned)), now, Instant.ofEpochSecond(expires));
	}

	/**
	 * Verifies a token's signature and reads its claims. Expiry is not checked here.
	 * @param token the token text
	 * @return the claims, or {@code null} if this issuer did not sign the token
	 */
	public @Nullable Claims verify(String token) {
		String[] parts = token.split("\\.");
		if (parts.length != 3) {
			return null;
		}
		byte[] expected = sign(parts[0] + "." + parts[1]);
		byte[] actual;
		try {
			actual = Base64.getUrlDecoder().decode(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (!MessageDigest.isEqual(expected, actual)) {
			return null;
		}
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		Matcher oid = OID.matcher(payload);
		Matcher exp = EXP.matcher(payload);
		if (!exp.find()) {
			return null;
		}
		return new Claims(oid.find() ? oid.group(1) : null, Instant.ofEpochSecond(Long.parseLong(exp.group(1))));
	}

	private byte[] sign(String data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64(byte[] data) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
	}

	/**
	 * An issued token.
	 *
	 * @param value the token text (secret: never log it)
	 * @param issuedAt when it was issued
	 * @param expiresAt when it expires
	 */
	public record Token(String value, Instant issuedAt, Instant expiresAt) {

		@Override
		public String toString() {
			return "Token[issuedAt=" + this.issuedAt + ", expiresAt=" + this.expiresAt + "]";
		}

	}

	/**
	 * Verified claims of a token.
	 *
	 * @param objectId the {@code oid} claim, if present
	 * @param expiresAt the {@code exp} claim
	 */
	public record Claims(@Nullable String objectId, Instant expiresAt) {
	}

}
