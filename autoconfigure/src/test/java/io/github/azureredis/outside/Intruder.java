package io.github.azureredis.outside;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class outside the packages the test application allows: reading it from the cache must be refused before it is
 * loaded or instantiated.
 */
public class Intruder {

	/** Incremented when the class is initialized. */
	public static final AtomicInteger INITIALIZED = new AtomicInteger();

	/** Incremented by every instance created. */
	public static final AtomicInteger INSTANCES = new AtomicInteger();

	static {
		INITIALIZED.incrementAndGet();
	}

	private String command = "";

	public Intruder() {
		INSTANCES.incrementAndGet();
	}

	public String getCommand() {
		return this.command;
	}

	public void setCommand(String command) {
		this.command = command;
	}

}
