package io.github.azureredis.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import org.jspecify.annotations.Nullable;

/**
 * Reads claims from the payload of a JWT access token, with azure-json: azure-identity and MSAL parse tokens only
 * internally. The signature is not checked: Redis does that; the client only needs the identity's object id for
 * the {@code AUTH} user name.
 *
 * @author Azure Redis Cache contributors
 */
final class AccessTokenClaims {

	private AccessTokenClaims() {
	}

	/**
	 * The {@code oid} claim.
	 * @param token the access token
	 * @return the object id, or {@code null} if the token is not a JWT or has no such claim
	 */
	static @Nullable String objectId(String token) {
		String[] parts = token.split("\\.");
		if (parts.length < 2) {
			return null;
		}
		try {
			byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
			try (JsonReader reader = JsonProviders.createReader(new String(payload, StandardCharsets.UTF_8))) {
				if (reader.nextToken() != JsonToken.START_OBJECT) {
					return null;
				}
				while (reader.nextToken() == JsonToken.FIELD_NAME) {
					String field = reader.getFieldName();
					reader.nextToken();
					if ("oid".equals(field) && reader.currentToken() == JsonToken.STRING) {
						return reader.getString();
					}
					reader.skipChildren();
				}
				return null;
			}
		}
		catch (IllegalArgumentException | IOException | IllegalStateException ex) {
			// Not a JWT: the caller reports a missing object id, without echoing the token.
			return null;
		}
	}

}
