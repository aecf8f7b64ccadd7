package io.github.azureredis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.azureredis.testsupport.GeneratedDocs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation as far as a test can hold it: the configuration reference is generated from the configuration
 * metadata that the build writes from the properties classes' javadoc, and every relative link and anchor in the
 * Markdown files points somewhere.
 */
class DocumentationTests {

	private static final Path METADATA = Path.of("target", "classes", "META-INF",
			"spring-configuration-metadata.json");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

	private static final Pattern FENCE = Pattern.compile("^```.*?^```", Pattern.MULTILINE | Pattern.DOTALL);

	@Test
	void configurationReferenceIsGeneratedFromTheMetadata() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(METADATA.toFile());
		List<String> groups = new ArrayList<>();
		metadata.get("groups").forEach((group) -> groups.add(group.get("name").asString()));
		Map<String, List<JsonNode>> sections = new TreeMap<>();
		metadata.get("properties").forEach((property) -> {
			String name = property.get("name").asString();
			String section = groups.stream()
				.filter((group) -> name.startsWith(group + "."))
				.max(Comparator.comparingInt(String::length))
				.orElse("azure.redis");
			sections.computeIfAbsent(section, (key) -> new ArrayList<>()).add(property);
		});
		StringBuilder reference = new StringBuilder();
		sections.forEach((section, properties) -> {
			reference.append("\n## ").append(section).append("\n\n| Property | Default | Description |\n|---|---|---|\n");
			properties.stream()
				.sorted(Comparator.comparing((JsonNode property) -> property.get("name").asString()))
				.forEach((property) -> reference.append(row(property)));
		});
		GeneratedDocs.check("docs/configuration.md", "properties", reference.toString());
	}

	private static String row(JsonNode property) {
		String type = property.path("type").asString("");
		String description = property.path("description").asString("").replace("\n", " ").replace("|", "\\|");
		String values = enumValues(type);
		if (!values.isEmpty()) {
			description += " Values: " + values + ".";
		}
		String perEntry = mapValueKeys(type);
		if (!perEntry.isEmpty()) {
			description += " Keys of each entry: " + perEntry + ".";
		}
		return "| `" + property.get("name").asString() + "` | " + defaultValue(property.get("defaultValue")) + " | "
				+ description + " |\n";
	}

	private static String defaultValue(JsonNode value) {
		if (value == null || value.isNull()) {
			return "";
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return items.isEmpty() ? "" : "`" + String.join(", ", items) + "`";
		}
		return "`" + value.asString() + "`";
	}

	private static String enumValues(String type) {
		Class<?> enumType = load(type);
		if (enumType == null || !enumType.isEnum()) {
			return "";
		}
		return Stream.of(enumType.getEnumConstants())
			.map((constant) -> "`" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-') + "`")
			.collect(Collectors.joining(", "));
	}

	/** The keys under each entry of a map of the starter's own beans, such as {@code caches.<name>.*}. */
	private static String mapValueKeys(String type) {
		if (!type.startsWith("java.util.Map<")) {
			return "";
		}
		String valueType = type.substring(type.indexOf(',') + 1, type.length() - 1);
		Class<?> bean = load(valueType);
		if (bean == null || !bean.getName().startsWith("io.github.azureredis.")) {
			return "";
		}
		return beanKeys(bean, "").map((name) -> "`" + name + "`").collect(Collectors.joining(", "));
	}

	/** The keys of a bean's properties, with those of its nested beans of the starter (read-only properties). */
	private static Stream<String> beanKeys(Class<?> bean, String prefix) {
		return Stream.of(BeanUtils.getPropertyDescriptors(bean)).flatMap((descriptor) -> {
			String key = prefix + descriptor.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
			if (descriptor.getWriteMethod() != null) {
				return Stream.of(key);
			}
			Class<?> type = descriptor.getPropertyType();
			return (type != null && type.getName().startsWith("io.github.azureredis.")) ? beanKeys(type, key + ".")
					: Stream.empty();
		});
	}

	private static Class<?> load(String type) {
		try {
			return ClassUtils.forName(type, DocumentationTests.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	@Test
	void relativeLinksAndAnchorsPointSomewhere() throws IOException {
		List<Path> files = new ArrayList<>(List.of(GeneratedDocs.ROOT.resolve("README.md"),
				GeneratedDocs.ROOT.resolve("CONTRIBUTING.md"), GeneratedDocs.ROOT.resolve("CHANGELOG.md")));
		try (Stream<Path> docs = Files.list(GeneratedDocs.ROOT.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		List<String> dead = new ArrayList<>();
		Set<Path> linked = new HashSet<>();
		for (Path file : files) {
			Matcher links = LINK.matcher(withoutCode(Files.readString(file, StandardCharsets.UTF_8)));
			while (links.find()) {
				String target = links.group(1);
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				int hash = target.indexOf('#');
				String path = (hash >= 0) ? target.substring(0, hash) : target;
				Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
				String where = GeneratedDocs.ROOT.relativize(file) + ": " + target;
				if (!Files.exists(resolved)) {
					dead.add(where + " (no such file)");
					continue;
				}
				linked.add(resolved);
				if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
					dead.add(where + " (no such heading)");
				}
			}
		}
		assertThat(dead).as("dead relative links").isEmpty();
		assertThat(files.stream().filter((file) -> file.getParent().endsWith("docs")))
			.as("pages of docs/ that nothing links to")
			.allSatisfy((page) -> assertThat(linked).contains(page));
	}

	private static Set<String> anchors(Path file) throws IOException {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new LinkedHashMap<>();
		Matcher headings = HEADING.matcher(withoutCode(Files.readString(file, StandardCharsets.UTF_8)));
		while (headings.find()) {
			String anchor = headings.group(1)
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^\\p{L}\\p{N} _-]", "")
				.replace(' ', '-');
			int count = seen.merge(anchor, 1, Integer::sum);
			anchors.add((count == 1) ? anchor : anchor + "-" + (count - 1));
		}
		return anchors;
	}

	private static String withoutCode(String markdown) {
		return FENCE.matcher(markdown).replaceAll("");
	}

}
