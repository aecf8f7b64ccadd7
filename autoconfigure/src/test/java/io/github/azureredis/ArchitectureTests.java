package io.github.azureredis;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture of the main code, as the package layout states it: each feature in its package, layered so that a
 * feature uses only what lies below it, no package cycles, and Redisson's internals reached from one package only
 * ({@code connection.redisson}), so that a Redisson upgrade that changes them breaks there, by name.
 */
class ArchitectureTests {

	private static final String BASE = "io.github.azureredis";

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(BASE);

	/**
	 * Redisson's implementation: its command executor, connection manager and pools, Netty channel handlers and
	 * protocol objects, and the connection and client classes beneath them. Its API ({@code org.redisson.api}), its
	 * configuration, its codec SPI ({@code Encoder}, {@code Decoder}, {@code client.codec}), its exceptions and its
	 * Spring and JCache integrations are not.
	 */
	private static final DescribedPredicate<JavaClass> REDISSON_INTERNALS = resideInAnyPackage("org.redisson.command..",
			"org.redisson.connection..", "org.redisson.client.handler..", "org.redisson.client.protocol..",
			"org.redisson.pubsub..", "org.redisson.misc..")
		.and(DescribedPredicate.not(JavaClass.Predicates.simpleName("Encoder")
			.or(JavaClass.Predicates.simpleName("Decoder"))))
		.or(JavaClass.Predicates.belongToAnyOf(org.redisson.client.RedisConnection.class,
				org.redisson.client.RedisClient.class, org.redisson.client.NettyHook.class))
		.as("are Redisson's internals");

	@Test
	void eachFeatureUsesOnlyTheLayersBelowIt() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Checks").definedBy(BASE + ".checks")
			.layer("Connection").definedBy(BASE + ".connection")
			.layer("Redisson client").definedBy(BASE + ".connection.redisson")
			.layer("Observation").definedBy(BASE + ".observation")
			.layer("Credentials").definedBy(BASE + ".credentials")
			.layer("Values").definedBy(BASE + ".values..")
			.layer("Cache").definedBy(BASE + ".cache")
			.layer("JCache").definedBy(BASE + ".jcache")
			.layer("Maintenance").definedBy(BASE + ".maintenance")
			.layer("Health").definedBy(BASE + ".health")
			.layer("Metrics").definedBy(BASE + ".metrics")
			.layer("Properties").definedBy(BASE + ".properties")
			.whereLayer("Checks").mayNotAccessAnyLayer()
			.whereLayer("Redisson client").mayOnlyBeAccessedByLayers("Connection", "Cache", "JCache", "Maintenance")
			.whereLayer("Connection")
			.mayOnlyBeAccessedByLayers("Credentials", "Cache", "JCache", "Maintenance", "Properties")
			.whereLayer("Observation").mayOnlyBeAccessedByLayers("Credentials", "Cache", "Properties")
			.whereLayer("Credentials").mayOnlyBeAccessedByLayers("Health", "Metrics", "Properties")
			.whereLayer("Values").mayOnlyBeAccessedByLayers("Cache", "JCache", "Metrics")
			.whereLayer("Cache").mayOnlyBeAccessedByLayers("JCache", "Metrics", "Properties")
			.whereLayer("JCache").mayOnlyBeAccessedByLayers("Metrics", "Properties")
			.whereLayer("Maintenance").mayOnlyBeAccessedByLayers("Health", "Metrics", "Properties")
			.whereLayer("Health").mayNotBeAccessedByAnyLayer()
			.whereLayer("Metrics").mayNotBeAccessedByAnyLayer()
			.whereLayer("Properties").mayNotBeAccessedByAnyLayer()
			.check(MAIN);
	}

	@Test
	void noPackageCycles() {
		slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void theValueFormatsAreUsedThroughTheValuesPackageByTheCachesOnly() {
		classes().that()
			.resideInAnyPackage(BASE + ".values.json", BASE + ".values.jdk")
			.should()
			.onlyBeAccessed()
			.byAnyPackage(BASE + ".values..", BASE + ".cache", BASE + ".jcache")
			.check(MAIN);
	}

	@Test
	void redissonsInternalsAreReachedFromOnePackageOnly() {
		noClasses().that()
			.resideOutsideOfPackage(BASE + ".connection.redisson")
			.should()
			.dependOnClassesThat(REDISSON_INTERNALS)
			.orShould()
			.callMethod(org.redisson.Redisson.class, "getCommandExecutor")
			.orShould()
			.callMethod(org.redisson.Redisson.class, "getServiceManager")
			.check(MAIN);
	}

}
