package io.github.azureredis.outside;

/**
 * A class outside the allowed packages that records being loaded: cached data naming it must be refused before.
 */
public class ArrayGadget {

	static {
		Loaded.record(ArrayGadget.class);
	}

	public String command = "";

}
