package io.github.azureredis.outside;

/**
 * A class outside the allowed packages that records being loaded: the control: a serializer that loads it before checking it is shown to.
 */
public class TypeParameterControlGadget {

	static {
		Loaded.record(TypeParameterControlGadget.class);
	}

	public String command = "";

}
