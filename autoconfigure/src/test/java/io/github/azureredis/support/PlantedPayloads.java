package io.github.azureredis.support;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Java-serialized data naming a class of someone else's choice, made without loading that class: a graph holding
 * {@link Decoy}s is serialized, and the decoy's class name is replaced by the planted one in the stream (names are
 * written with their length; nothing in a stream refers to byte offsets). The planted class must have the decoy's
 * {@code serialVersionUID} (1) and no fields, so that a reader without an allow-list would instantiate it.
 */
public final class PlantedPayloads {

	private PlantedPayloads() {
	}

	/**
	 * Serializes a graph with its decoys renamed.
	 * @param graph a value holding {@link Decoy}s at any depth
	 * @param className the class the decoys become
	 * @return the serialized bytes
	 */
	public static byte[] javaSerialized(Object graph, String className) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
			objects.writeObject(graph);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] bytes = out.toByteArray();
		bytes = replace(bytes, utf("[L" + Decoy.class.getName() + ";"), utf("[L" + className + ";"), false);
		return replace(bytes, utf(Decoy.class.getName()), utf(className), true);
	}

	private static byte[] utf(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DataOutputStream data = new DataOutputStream(out)) {
			data.writeUTF(text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static byte[] replace(byte[] bytes, byte[] target, byte[] replacement, boolean required) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int replaced = 0;
		for (int i = 0; i < bytes.length; i++) {
			if (i <= bytes.length - target.length && matches(bytes, i, target)) {
				out.writeBytes(replacement);
				i += target.length - 1;
				replaced++;
			}
			else {
				out.write(bytes[i]);
			}
		}
		if (replaced == 0 && required) {
			throw new IllegalArgumentException("the graph holds no Decoy");
		}
		return out.toByteArray();
	}

	private static boolean matches(byte[] bytes, int offset, byte[] target) {
		for (int j = 0; j < target.length; j++) {
			if (bytes[offset + j] != target[j]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What the planted class replaces.
	 */
	public static final class Decoy implements Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

	}

}
