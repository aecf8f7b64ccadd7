package io.github.azureredis.outside;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;

/**
 * A Serializable class outside the allowed packages that records its static initializer and its {@code readObject}:
 * Java-serialized data naming it must be refused before either runs.
 */
public class NestedSerializedGadget implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	static {
		Loaded.record(NestedSerializedGadget.class);
	}

	@Serial
	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		Loaded.record("NestedSerializedGadget.readObject");
		in.defaultReadObject();
	}

}
