package io.github.azureredis.credentials;

import java.time.Duration;

import io.github.azureredis.testsupport.FakeEntraId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokenClaimsTests {

	private final FakeEntraId issuer = new FakeEntraId();

	@Test
	void readsTheObjectId() {
		String token = this.issuer.issue("0d9b2c4e-1111-2222-3333-444455556666", Duration.ofHours(1)).value();
		assertThat(AccessTokenClaims.objectId(token)).isEqualTo("0d9b2c4e-1111-2222-3333-444455556666");
	}

	@Test
	void tokenWithoutObjectIdHasNone() {
		assertThat(AccessTokenClaims.objectId(this.issuer.issue(null, Duration.ofHours(1)).value())).isNull();
	}

	@Test
	void textThatIsNotAJwtHasNone() {
		assertThat(AccessTokenClaims.objectId("not-a-token")).isNull();
		assertThat(AccessTokenClaims.objectId("a.%%%.b")).isNull();
		assertThat(AccessTokenClaims.objectId("a.bm90IGpzb24.c")).isNull();
	}

}
