package io.returnflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages' layers (README, "Layout"), checked on the application's classes (tests may reach across):
 * <pre>
 *   selfservice                   the buyer's return page and its links: composes the journey
 *   journey                       composes the features: the API, views, task facts, tracking
 *   carrier pickup dropoff storeshipment payment inspection settlement operations events notification   the features
 *   storecredit
 *   returns                       the core: the return, its tables, status, timeline, journey seam, shared values
 *   platform                      infrastructure: security, problem answers, engine wiring
 * </pre>
 * A layer uses the ones below it; features use one another without cycles.
 */
@AnalyzeClasses(packages = "io.returnflow", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    static final String PLATFORM = "io.returnflow.platform..";
    static final String CORE = "io.returnflow.returns..";
    static final String JOURNEY = "io.returnflow.journey..";
    static final String SELF_SERVICE = "io.returnflow.selfservice..";
    static final String[] FEATURES = {"io.returnflow.carrier..", "io.returnflow.pickup..", "io.returnflow.dropoff..",
            "io.returnflow.storeshipment..", "io.returnflow.payment..", "io.returnflow.inspection..",
            "io.returnflow.settlement..", "io.returnflow.operations..", "io.returnflow.events..", "io.returnflow.notification..",
            "io.returnflow.exchange..", "io.returnflow.storecredit..", "io.returnflow.risk.."};

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Application").definedBy("io.returnflow")
            .layer("SelfService").definedBy(SELF_SERVICE)
            .layer("Journey").definedBy(JOURNEY)
            .layer("Features").definedBy(FEATURES)
            .layer("Core").definedBy(CORE)
            .layer("Platform").definedBy(PLATFORM)
            .whereLayer("Application").mayNotBeAccessedByAnyLayer()
            .whereLayer("SelfService").mayNotBeAccessedByAnyLayer()
            .whereLayer("Journey").mayOnlyBeAccessedByLayers("SelfService")
            .whereLayer("Features").mayOnlyBeAccessedByLayers("Journey", "SelfService")
            .whereLayer("Core").mayOnlyBeAccessedByLayers("Features", "Journey", "SelfService")
            .whereLayer("Platform").mayOnlyBeAccessedByLayers("Core", "Features", "Journey", "SelfService")
            .because("the core knows no feature, no feature knows the journey, and the platform knows neither");

    @ArchTest
    static final ArchRule coreImportsNoFeature = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .orShould().dependOnClassesThat().resideInAPackage(JOURNEY)
            .because("features plug into the core through its ports (CarrierLegs, RefundAfterInspection, …)");

    @ArchTest
    static final ArchRule featuresDoNotImportTheJourney = noClasses().that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat().resideInAPackage(JOURNEY);

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.returnflow.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule everyPackageHasItsLayer = classes().should().resideInAnyPackage(
            concat("io.returnflow", SELF_SERVICE, JOURNEY, CORE, PLATFORM))
            .because("a new top-level package takes its place in LayeringTest and the README's picture");

    private static String[] concat(String... first) {
        String[] all = new String[first.length + FEATURES.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(FEATURES, 0, all, first.length, FEATURES.length);
        return all;
    }
}
