package io.github.azureredis.benchmarks;

import java.io.Serializable;

/**
 * A cached value: an id and a 200-character payload.
 *
 * @param id the id
 * @param payload the payload
 */
public record Item(String id, String payload) implements Serializable {

	/** The payload of every item: 200 characters. */
	public static final String PAYLOAD = "x".repeat(200);

	static Item of(String id) {
		return new Item(id, PAYLOAD);
	}

}
