package io.github.azureredis.support;

import io.github.azureredis.testsupport.FakeEntraId;
import io.github.azureredis.testsupport.FakeTokenCredential;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions that no secret leaked into text that users see: logs, exception messages, Actuator responses.
 */
public final class Secrets {

	private Secrets() {
	}

	/**
	 * Asserts that no token the credential issued appears in the text, not even its signature.
	 * @param text the text
	 * @param credential the credential
	 */
	public static void assertNoTokenIn(String text, FakeTokenCredential credential) {
		for (FakeEntraId.Token token : credential.issuedTokens()) {
			assertThat(text).doesNotContain(token.value());
			assertThat(text).doesNotContain(token.value().substring(token.value().lastIndexOf('.') + 1));
		}
	}

}
