package io.github.azureredis.outside;

/**
 * A class outside the allowed packages that records being loaded: cached data naming it must be refused before.
 */
public class TypeInfoGadget {

	static {
		Loaded.record(TypeInfoGadget.class);
	}

	public String command = "";

}
