package io.github.azureredis.values.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

import io.github.azureredis.values.ClassAllowList;

/**
 * An {@link ObjectInputStream} that loads only the classes of a {@link ClassAllowList}, checked by name before
 * the class is loaded (so that no static initializer of another class runs), reads no dynamic proxies, and bounds
 * what a stream can make it allocate with an {@link ObjectInputFilter}: the depth of the object graph, the number of
 * references and the length of arrays. The filter checks every class again, as the JDK reports it.
 * <p>
 * The JDK's {@code ObjectInputFilter.Config.createFilter} patterns check classes too, but only after they are
 * loaded, and would need the list as a pattern string; this class checks first and keeps the list as data.
 *
 * @author Azure Redis Cache contributors
 */
public class AllowListObjectInputStream extends ObjectInputStream {

	static final int MAX_DEPTH = 100;

	static final long MAX_REFERENCES = 1_000_000;

	static final long MAX_ARRAY_LENGTH = 10_000_000;

	private final ClassAllowList allowList;

	private final ClassLoader classLoader;

	/**
	 * Creates a stream and reads its header.
	 * @param in the serialized bytes
	 * @param allowList the classes that may be read
	 * @param classLoader the class loader of the application's classes
	 * @throws IOException if the bytes do not start with a Java serialization header
	 */
	public AllowListObjectInputStream(InputStream in, ClassAllowList allowList, ClassLoader classLoader)
			throws IOException {
		super(in);
		this.allowList = allowList;
		this.classLoader = classLoader;
		setObjectInputFilter(this::check);
	}

	private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
		if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES
				|| info.arrayLength() > MAX_ARRAY_LENGTH) {
			return ObjectInputFilter.Status.REJECTED;
		}
		Class<?> type = info.serialClass();
		if (type != null) {
			while (type.isArray()) {
				type = type.getComponentType();
			}
			if (!type.isPrimitive() && !this.allowList.allows(type.getName())) {
				return ObjectInputFilter.Status.REJECTED;
			}
		}
		return ObjectInputFilter.Status.ALLOWED;
	}

	@Override
	protected Class<?> resolveClass(ObjectStreamClass descriptor) throws IOException, ClassNotFoundException {
		String name = descriptor.getName();
		if (!this.allowList.allows(name)) {
			throw new RefusedClassException(elementName(name));
		}
		try {
			return Class.forName(name, false, this.classLoader);
		}
		catch (ClassNotFoundException ex) {
			// Primitive types, and classes of the JDK's own loader when the application's does not delegate.
			return super.resolveClass(descriptor);
		}
	}

	/** The class of an array's elements, as people write it, or the class itself. */
	private static String elementName(String name) {
		String element = name.substring(name.lastIndexOf('[') + 1);
		return (element.startsWith("L") && element.endsWith(";")) ? element.substring(1, element.length() - 1) : name;
	}

	@Override
	protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
		throw new RefusedClassException("a dynamic proxy of " + String.join(", ", interfaces));
	}

	/**
	 * A class that the allow-list does not admit, refused before it was loaded.
	 */
	public static final class RefusedClassException extends InvalidClassException {

		private static final long serialVersionUID = 1L;

		/**
		 * Creates an exception.
		 * @param className the class that was refused
		 */
		public RefusedClassException(String className) {
			super(className, "not allowed");
		}

		/** @return the class that was refused */
		public String className() {
			return String.valueOf(this.classname);
		}

	}

}
