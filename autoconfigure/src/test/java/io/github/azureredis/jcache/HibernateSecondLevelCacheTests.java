package io.github.azureredis.jcache;

import java.net.URI;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.azureredis.jcache.hibernate.Author;
import io.github.azureredis.jcache.hibernate.Book;
import io.github.azureredis.values.UncacheableValueException.Reason;
import io.github.azureredis.jcache.hibernate.LibraryApplication;
import io.github.azureredis.jcache.hibernate.Publisher;
import io.github.azureredis.jcache.hibernate.ReferenceSetup;
import io.github.azureredis.jcache.hibernate.SchemaPerTenant;
import io.github.azureredis.support.TestAutoConfigurations;
import io.github.azureredis.testsupport.RedisServer;
import io.github.azureredis.testsupport.RespClient;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.ConfigSettings;
import org.hibernate.cfg.MultiTenancySettings;
import org.hibernate.jpa.HibernateHints;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.util.function.ThrowingFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate ORM's second-level cache on the starter's JCache manager with the starter's default settings
 * (hibernate-jcache and {@code spring.cache.type=jcache}; the starter hands Hibernate its JCache manager, as Spring
 * Boot's reference documentation has an application do itself), against a real Redis and two
 * instances of the application on one H2 database: entities ({@code READ_WRITE} and {@code NONSTRICT_READ_WRITE}),
 * a collection, a natural id and the query cache are hits in the instance that cached them and in the other, an
 * update is never read stale, and two pages of a cached query are two entries. Hibernate's statistics are the
 * evidence: cache hits, misses and puts, and the SQL statements each step prepared.
 */
@Tag("integration")
class HibernateSecondLevelCacheTests {

	private static final RedisServer redis = RedisServer.start();

	private static final String PAGE_QUERY = "select b from Book b order by b.id";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(TestAutoConfigurations.all())
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withUserConfiguration(LibraryApplication.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
				"spring.cache.type=jcache", "spring.datasource.url=jdbc:h2:mem:library;DB_CLOSE_DELAY=-1",
				"spring.jpa.properties.hibernate.generate_statistics=true",
				"spring.jpa.properties.hibernate.cache.use_query_cache=true");

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void flush() {
		try (RespClient client = redis.client()) {
			client.require("FLUSHALL");
		}
	}

	@Test
	void entitiesCollectionsNaturalIdsAndQueriesAreHitsInTheInstanceThatCachedThemAndInAnother() {
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=create").run((first) -> {
			Instance one = new Instance(first);
			one.inTransaction((em) -> {
				Author author = new Author(1L, "Ada");
				em.persist(author);
				for (long id = 1; id <= 5; id++) {
					em.persist(new Book(id, "isbn-" + id, "Title " + id, author, Set.of("tag-" + id, "all")));
				}
				return null;
			});
			one.evictAll();
			one.statistics().clear();

			assertThat(one.title(1L)).isEqualTo("Title 1");
			assertThat(one.statistics().getSecondLevelCacheMissCount()).isEqualTo(1);
			assertThat(one.statistics().getSecondLevelCachePutCount()).isEqualTo(1);
			assertThat(one.statistics().getPrepareStatementCount()).isEqualTo(1);
			one.statistics().clear();
			assertThat(one.title(1L)).isEqualTo("Title 1");
			assertThat(one.statistics().getSecondLevelCacheHitCount()).isEqualTo(1);
			assertThat(one.statistics().getPrepareStatementCount()).isZero();

			assertThat(one.tags(2L)).containsOnly("tag-2", "all");
			assertThat(one.titleByIsbn("isbn-3")).isEqualTo("Title 3");
			assertThat(one.authorName(1L)).isEqualTo("Ada");
			assertThat(one.page(0)).containsExactly(1L, 2L);
			assertThat(one.page(1)).as("the second page is not the first one's entry").containsExactly(3L, 4L);
			assertThat(one.statistics().getQueryCachePutCount()).isEqualTo(2);

			this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=none").run((second) -> {
				Instance two = new Instance(second);
				assertThat(two.title(1L)).isEqualTo("Title 1");
				assertThat(two.tags(2L)).containsOnly("tag-2", "all");
				assertThat(two.titleByIsbn("isbn-3")).isEqualTo("Title 3");
				assertThat(two.authorName(1L)).isEqualTo("Ada");
				assertThat(two.page(1)).containsExactly(3L, 4L);
				Statistics statistics = two.statistics();
				assertThat(statistics.getPrepareStatementCount()).as("SQL statements of the second instance").isZero();
				assertThat(statistics.getSecondLevelCacheMissCount()).isZero();
				assertThat(statistics.getNaturalIdCacheHitCount()).isEqualTo(1);
				assertThat(statistics.getCollectionStatistics(Book.class.getName() + ".tags").getCacheHitCount())
					.isEqualTo(1);
				assertThat(statistics.getQueryCacheHitCount()).isEqualTo(1);
				assertThat(statistics.getEntityStatistics(Book.class.getName()).getCacheHitCount()).isPositive();
				assertThat(statistics.getEntityStatistics(Author.class.getName()).getCacheHitCount()).isEqualTo(1);

				two.inTransaction((em) -> {
					em.find(Book.class, 1L).setTitle("Renamed by the second instance");
					em.find(Author.class, 1L).setName("Ada Lovelace");
					return null;
				});
				assertThat(one.title(1L))
					.isEqualTo("Renamed by the second instance");
				assertThat(one.authorName(1L)).isEqualTo("Ada Lovelace");
				List<String> firstPage = one.inTransaction((em) -> em.createQuery(PAGE_QUERY, Book.class)
					.setHint(HibernateHints.HINT_CACHEABLE, true)
					.setMaxResults(2)
					.getResultList()
					.stream()
					.map(Book::getTitle)
					.toList());
				assertThat(firstPage).containsExactly("Renamed by the second instance", "Title 2");
			});
		});
	}

	@Test
	void anEntityThatCannotBeCachedIsLoadedAndUpdatedFromTheDatabaseAndTheTransactionsSucceed() {
		this.runner.withPropertyValues("spring.jpa.hibernate.ddl-auto=create").run((context) -> {
			Instance instance = new Instance(context);
			URL homepage = URI.create("https://example.com/publisher").toURL();
			instance.inTransaction((em) -> {
				em.persist(new Publisher(1L, homepage));
				return null;
			});
			instance.statistics().clear();
			for (int i = 0; i < 2; i++) {
				URL read = instance.inTransaction((em) -> em.find(Publisher.class, 1L).getHomepage());
				assertThat(read).isEqualTo(homepage);
			}
			assertThat(instance.statistics().getSecondLevelCacheHitCount()).isZero();
			assertThat(instance.statistics().getPrepareStatementCount()).isEqualTo(2);
			assertThat(context.getBean(AzureRedisJCacheManager.class)
				.uncacheableValues()
				.count(Publisher.class.getName(), Reason.NOT_ALLOWED)).isPositive();
		});
	}

	@Test
	void twoTenantsWithEntitiesOfTheSameIdNeverShareAnEntry() throws SQLException {
		String url = "jdbc:h2:mem:tenants;DB_CLOSE_DELAY=-1";
		try (Connection connection = DriverManager.getConnection(url, "sa", ""); Statement sql = connection.createStatement()) {
			for (String tenant : List.of("TENANT_A", "TENANT_B")) {
				sql.execute("create schema " + tenant);
				sql.execute("create table " + tenant + ".author (id bigint primary key, name varchar(255))");
				sql.execute("create table " + tenant + ".book (id bigint primary key, isbn varchar(255) unique, "
						+ "title varchar(255), published date, format varchar(255), author_id bigint)");
				sql.execute("create table " + tenant + ".book_tags (book_id bigint not null, tags varchar(255))");
				sql.execute("insert into " + tenant + ".author values (1, 'Author of " + tenant + "')");
				sql.execute("insert into " + tenant + ".book values (1, 'isbn-1', 'Book of " + tenant
						+ "', date '2026-01-01', 'PAPERBACK', 1)");
				sql.execute("insert into " + tenant + ".book_tags values (1, '" + tenant + "')");
			}
		}
		this.runner.withBean(SchemaPerTenantCustomizer.class)
			.withPropertyValues("spring.datasource.url=" + url, "spring.jpa.hibernate.ddl-auto=none",
					"spring.jpa.database-platform=org.hibernate.dialect.H2Dialect")
			.run((context) -> {
				SessionFactory sessionFactory = context.getBean(EntityManagerFactory.class).unwrap(SessionFactory.class);
				Statistics statistics = sessionFactory.getStatistics();
				for (String tenant : List.of("TENANT_A", "TENANT_A", "TENANT_B", "TENANT_B")) {
					statistics.clear();
					try (Session session = sessionFactory.withOptions().tenantIdentifier(tenant).openSession()) {
						Book book = session.find(Book.class, 1L);
						assertThat(book.getTitle()).as(tenant).isEqualTo("Book of " + tenant);
						assertThat(book.getTags()).as(tenant).containsExactly(tenant);
						assertThat(session.bySimpleNaturalId(Book.class).load("isbn-1").getTitle()).as(tenant)
							.isEqualTo("Book of " + tenant);
						assertThat(session.createQuery(PAGE_QUERY, Book.class)
							.setCacheable(true)
							.setMaxResults(2)
							.getResultList()).as(tenant).extracting(Book::getTitle).containsExactly("Book of " + tenant);
					}
				}
				// The last tenant's second round: everything from the cache, nothing from the other tenant.
				assertThat(statistics.getPrepareStatementCount()).isZero();
				assertThat(statistics.getQueryCacheHitCount()).isEqualTo(1);
			});
	}

	@Test
	void anApplicationThatHandsHibernateTheManagerItselfAsSpringBootsReferenceShowsKeepsItsOwn() {
		this.runner.withUserConfiguration(ReferenceSetup.class)
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=create")
			.run((context) -> {
				Object handed = context.getBean(EntityManagerFactory.class)
					.unwrap(SessionFactory.class)
					.getProperties()
					.get(ConfigSettings.CACHE_MANAGER);
				assertThat(handed).isSameAs(context.getBean(JCacheCacheManager.class).getCacheManager());
				Instance instance = new Instance(context);
				instance.inTransaction((em) -> {
					em.persist(new Author(1L, "Ada"));
					return null;
				});
				instance.evictAll();
				assertThat(instance.authorName(1L)).isEqualTo("Ada");
				instance.statistics().clear();
				assertThat(instance.authorName(1L)).isEqualTo("Ada");
				assertThat(instance.statistics().getSecondLevelCacheHitCount()).isEqualTo(1);
				assertThat(instance.statistics().getPrepareStatementCount()).isZero();
			});
	}

	@Test
	void withoutTheStartersJCacheManagerStartUpFailsWithAReportThatSaysWhatToSet() {
		this.runner.withPropertyValues("spring.cache.type=redis", "spring.jpa.hibernate.ddl-auto=create")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new HibernateWithoutJCacheFailureAnalyzer(new MockEnvironment())
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("hibernate-jcache")
					.contains("Redisson's JCache provider without a configuration");
				assertThat(analysis.getAction()).isEqualTo("Turn on the starter's JCache manager: set "
						+ "spring.cache.type=jcache (Spring's caches then use JCache too) or "
						+ "azure.redis.jcache.enabled=true (JCache beside the starter's Redis cache). The starter then "
						+ "hands it to Hibernate. Or turn Hibernate's second-level cache and its query cache off "
						+ "(spring.jpa.properties.hibernate.cache.use_second_level_cache=false and "
						+ "spring.jpa.properties.hibernate.cache.use_query_cache=false).");
			});
	}

	@Test
	void withTheStartersJCacheManagerTurnedOffTheReportSaysToTurnItOn() {
		this.runner
			.withPropertyValues("spring.cache.type=jcache", "azure.redis.jcache.enabled=false",
					"spring.jpa.hibernate.ddl-auto=create")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new HibernateWithoutJCacheFailureAnalyzer(
						new MockEnvironment().withProperty("azure.redis.jcache.enabled", "false"))
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).endsWith("is not turned on: azure.redis.jcache.enabled is false.");
				assertThat(analysis.getAction()).isEqualTo("Remove azure.redis.jcache.enabled=false (with "
						+ "spring.cache.type=jcache), or set it to true: the starter then hands its JCache manager to "
						+ "Hibernate. Or turn Hibernate's second-level cache and its query cache off "
						+ "(spring.jpa.properties.hibernate.cache.use_second_level_cache=false and "
						+ "spring.jpa.properties.hibernate.cache.use_query_cache=false).");
			});
	}

	/**
	 * Hands Hibernate a schema per tenant.
	 */
	static final class SchemaPerTenantCustomizer implements HibernatePropertiesCustomizer {

		private final DataSource dataSource;

		SchemaPerTenantCustomizer(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public void customize(Map<String, Object> properties) {
			properties.put(MultiTenancySettings.MULTI_TENANT_CONNECTION_PROVIDER, new SchemaPerTenant(this.dataSource));
		}

	}

	/**
	 * One instance of the application: its Hibernate session factory and statistics.
	 */
	private static final class Instance {

		private final EntityManagerFactory entityManagerFactory;

		Instance(ApplicationContext context) {
			this.entityManagerFactory = context.getBean(EntityManagerFactory.class);
		}

		Statistics statistics() {
			return this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
		}

		void evictAll() {
			this.entityManagerFactory.getCache().evictAll();
		}

		<T> T inTransaction(ThrowingFunction<EntityManager, T> work) {
			EntityManager entityManager = this.entityManagerFactory.createEntityManager();
			try {
				entityManager.getTransaction().begin();
				T result = work.apply(entityManager);
				entityManager.getTransaction().commit();
				return result;
			}
			finally {
				entityManager.close();
			}
		}

		String title(long id) {
			return inTransaction((em) -> em.find(Book.class, id).getTitle());
		}

		Set<String> tags(long id) {
			return inTransaction((em) -> Set.copyOf(em.find(Book.class, id).getTags()));
		}

		String titleByIsbn(String isbn) {
			return inTransaction((em) -> em.unwrap(Session.class).bySimpleNaturalId(Book.class).load(isbn).getTitle());
		}

		String authorName(long id) {
			return inTransaction((em) -> em.find(Author.class, id).getName());
		}

		List<Long> page(int page) {
			return inTransaction((em) -> em.createQuery(PAGE_QUERY, Book.class)
				.setHint(HibernateHints.HINT_CACHEABLE, true)
				.setFirstResult(page * 2)
				.setMaxResults(2)
				.getResultList()
				.stream()
				.map(Book::getId)
				.toList());
		}

	}

}
