package io.github.azureredis.jcache;

import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.azureredis.values.jdk.JavaSerializationClasses;
import org.hibernate.cache.internal.BasicCacheKeyImplementation;
import org.hibernate.cache.internal.CacheKeyImplementation;
import org.hibernate.cache.internal.NaturalIdCacheKey;
import org.hibernate.cache.spi.QueryKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key has one form in every JVM: the instances of an application share one Redis, and the entry one instance
 * writes, updates or evicts must be the entry the others read. Hibernate's keys carry the hash code they were built
 * with, and an enum's hash code is its identity hash code, which differs from JVM to JVM. Found as a user: two
 * instances of a Spring Data JPA application (hibernate-jcache, {@code spring.cache.type=jcache}) whose
 * {@code READ_WRITE} entity has an {@code @EmbeddedId} record holding an enum; the instance that did not make an
 * update kept reading the entity as it was before it (from its own entry), and a cached query with an enum
 * parameter never hit in another instance.
 */
class JCacheKeysInEveryJvmTests {

	private static final JCacheKeys keys = new JCacheKeys(
			JavaSerializationClasses.allowList(List.of("io.github.azureredis.jcache")),
			JCacheKeysInEveryJvmTests.class.getClassLoader());

	@Test
	void hibernatesKeysWhoseStateHoldsAnEnumHaveOneFormInEveryJvm() throws Exception {
		List<String> here = encodedKeys();
		List<String> there = encodedInAnotherJvm();
		assertThat(there).as("Hibernate's keys holding Genre.SCIENCE, encoded in another JVM").isEqualTo(here);
	}

	@Test
	void hibernatesKeysAreWrittenWithoutTheirHashCode() {
		ShelfId id = new ShelfId(Genre.SCIENCE, 1);
		assertThat(form(new CacheKeyImplementation(id, "com.example.Shelf", null, 1)))
			.isEqualTo(form(new CacheKeyImplementation(id, "com.example.Shelf", null, 2)))
			.isNotEqualTo(form(new CacheKeyImplementation(id, "com.example.Shelf", "tenant", 1)))
			.isNotEqualTo(form(new CacheKeyImplementation(id, "com.example.Book", null, 1)))
			.isNotEqualTo(form(new CacheKeyImplementation(new ShelfId(Genre.FICTION, 1), "com.example.Shelf", null, 1)));
	}

	@Test
	void hibernatesKeysOfBasicIdsReadBackEqualAndWriteBackTheirBytes() throws Exception {
		List<Object> basic = List.of(new CacheKeyImplementation(42L, "com.example.Book", "tenant", 31 * Long.hashCode(42L)
				+ "tenant".hashCode()), new BasicCacheKeyImplementation(42L, "com.example.Book", Long.hashCode(42L)),
				new NaturalIdCacheKey("isbn-1", "com.example.Book", null, "isbn-1".hashCode()));
		for (Object key : basic) {
			byte[] form = keys.encode(key);
			Object read = keys.decode(form);
			assertThat(read).as("%s", key).isEqualTo(key).hasSameClassAs(key).hasSameHashCodeAs(key);
		}
		for (String form : encodedKeys()) {
			byte[] bytes = Base64.getDecoder().decode(form);
			Object read = keys.decode(bytes);
			assertThat(read).isNotInstanceOf(UnreadableKey.class);
			assertThat(keys.encode(read)).as("%s written back", read).isEqualTo(bytes);
		}
	}

	/**
	 * Hibernate's keys as its {@code DefaultCacheKeysFactory} and query cache make them for the entity {@code Shelf}
	 * with the id {@code (SCIENCE, 1)}, its natural id and a query with the parameter {@code SCIENCE}: each hash code
	 * from the enum's {@code hashCode()}, as Hibernate computes it.
	 */
	private static List<String> encodedKeys() throws ReflectiveOperationException {
		ShelfId id = new ShelfId(Genre.SCIENCE, 1);
		int componentHash = (17 * 37 + id.genre().hashCode()) * 37 + Integer.hashCode(id.number());
		Object[] disassembled = { Genre.SCIENCE, 1 };
		List<Object> hibernateKeys = List.of(new CacheKeyImplementation(id, "com.example.Shelf", null, 31 * componentHash),
				new CacheKeyImplementation(disassembled, "com.example.Shelf", "tenant",
						31 * componentHash + "tenant".hashCode()),
				new BasicCacheKeyImplementation(Genre.SCIENCE, "com.example.Genre", Genre.SCIENCE.hashCode()),
				new NaturalIdCacheKey(new Object[] { Genre.SCIENCE, "A" }, "com.example.Shelf", null,
						37 * Genre.SCIENCE.hashCode() + "A".hashCode()),
				new QueryKey("select s from Shelf s where s.genre = ?1",
						parameterBindings(new Object[] { Genre.SCIENCE }, Genre.SCIENCE.hashCode()), null, 10, Set.of()));
		return hibernateKeys.stream().map(JCacheKeysInEveryJvmTests::form).toList();
	}

	private static String form(Object key) {
		return Base64.getEncoder().encodeToString(keys.encode(key));
	}

	private static QueryKey.ParameterBindingsMemento parameterBindings(Object[] values, int hashCode)
			throws ReflectiveOperationException {
		Constructor<?> constructor = Class
			.forName("org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl")
			.getDeclaredConstructor(Object[].class, int.class);
		constructor.setAccessible(true);
		return (QueryKey.ParameterBindingsMemento) constructor.newInstance(values, hashCode);
	}

	private static List<String> encodedInAnotherJvm() throws IOException, InterruptedException {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				JCacheKeysInEveryJvmTests.class.getName())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		return List.of(new String(output, StandardCharsets.US_ASCII).split("\n"));
	}

	/**
	 * Prints the encoded keys, in base64, one a line, for the test in another JVM.
	 * @param args none
	 * @throws ReflectiveOperationException if Hibernate's keys cannot be made
	 */
	public static void main(String[] args) throws ReflectiveOperationException {
		System.out.print(String.join("\n", encodedKeys()));
	}

	enum Genre {

		FICTION, SCIENCE

	}

	record ShelfId(Genre genre, int number) implements Serializable {
	}

}
