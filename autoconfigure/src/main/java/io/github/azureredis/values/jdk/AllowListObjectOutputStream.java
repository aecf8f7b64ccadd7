package io.github.azureredis.values.jdk;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

import io.github.azureredis.values.ClassAllowList;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ObjectOutputStream} that refuses, while writing, a class that an {@link AllowListObjectInputStream} on the
 * same {@link ClassAllowList} would refuse when reading: Java serialization describes every class it writes
 * (superclasses, array and replacement classes included) once, through {@link #annotateClass}. So a value that could
 * never be read back is refused when it is written ({@link #writeChecked}).
 * <p>
 * A refused class is noted and reported once the object is written, not thrown from {@link #annotateClass}: when a
 * write fails, {@code ObjectOutputStream} writes the exception into the stream, and refusing the exception's class
 * there would replace the exception that says what went wrong.
 *
 * @author Azure Redis Cache contributors
 */
public class AllowListObjectOutputStream extends ObjectOutputStream {

	private final ClassAllowList allowList;

	private @Nullable String refused;

	/**
	 * Creates a stream and writes its header.
	 * @param out where to write
	 * @param allowList the classes that may be written
	 * @throws IOException if the header cannot be written
	 */
	public AllowListObjectOutputStream(OutputStream out, ClassAllowList allowList) throws IOException {
		super(out);
		this.allowList = allowList;
	}

	/**
	 * Writes an object, and refuses it if it holds a class that the allow-list does not admit.
	 * @param object the object
	 * @throws NotAllowedClassException if it holds a class that the allow-list does not admit
	 * @throws IOException if it cannot be written, such as a {@code NotSerializableException}
	 */
	public void writeChecked(Object object) throws IOException {
		writeObject(object);
		String refusedClass = this.refused;
		if (refusedClass != null) {
			throw new NotAllowedClassException(refusedClass);
		}
	}

	@Override
	protected void annotateClass(Class<?> type) throws IOException {
		if (this.refused == null && !this.allowList.allows(type.getName())) {
			this.refused = type.getName();
		}
	}

	@Override
	protected void annotateProxyClass(Class<?> type) throws IOException {
		if (this.refused == null) {
			this.refused = "a dynamic proxy " + type.getName();
		}
	}

	/**
	 * A class the allow-list does not admit, met while writing.
	 */
	public static final class NotAllowedClassException extends IOException {

		private static final long serialVersionUID = 1L;

		private final String className;

		NotAllowedClassException(String className) {
			super("class " + className + " is not allowed");
			this.className = className;
		}

		/** @return the class that is not allowed */
		public String className() {
			return this.className;
		}

	}

}
