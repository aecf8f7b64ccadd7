package io.github.azureredis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sections of the documentation that a test produces, so that they cannot drift from what the code does. A section
 * sits between {@code <!-- generated:NAME -->} and {@code <!-- end:NAME -->} in a Markdown file of the repository.
 * The test that produces it fails when the file holds something else, unless the build runs with
 * {@code -Ddocs.update=true}, in which case the section is rewritten.
 */
public final class GeneratedDocs {

	/** The repository's root, seen from a module's directory, where Maven runs its tests. */
	public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private GeneratedDocs() {
	}

	/**
	 * Checks, or with {@code -Ddocs.update=true} rewrites, a generated section.
	 * @param file the file, relative to the repository's root
	 * @param name the section's name
	 * @param content what the section must hold
	 */
	public static void check(String file, String name, String content) {
		Path path = ROOT.resolve(file);
		String start = "<!-- generated:" + name + " -->\n";
		String end = "<!-- end:" + name + " -->";
		String text = read(path);
		int from = text.indexOf(start);
		int to = text.indexOf(end);
		if (from < 0 || to < from) {
			throw new AssertionError(file + " has no section '" + name + "' between " + start.strip() + " and " + end);
		}
		String current = text.substring(from + start.length(), to);
		String expected = content.endsWith("\n") ? content : content + "\n";
		if (Boolean.getBoolean("docs.update")) {
			write(path, text.substring(0, from + start.length()) + expected + text.substring(to));
			return;
		}
		if (!current.equals(expected)) {
			throw new AssertionError(file + ": the generated section '" + name + "' is out of date. Regenerate it "
					+ "with ./mvnw verify -Ddocs.update=true (or only the module whose test writes it).\nExpected:\n"
					+ expected + "\nbut the file holds:\n" + current);
		}
	}

	private static String read(Path path) {
		try {
			return Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path path, String text) {
		try {
			Files.writeString(path, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
