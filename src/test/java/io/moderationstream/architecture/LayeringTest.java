package io.moderationstream.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The split between the job and the tools, as the README's Architecture section draws it: the job jar leaves out
 * {@code tools} (CLI, embedded broker, demo, bench, sample generators), so no job class may use one, nor the
 * command-line and broker libraries that only the tools bundle.
 */
class LayeringTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.moderationstream");
    }

    @Test
    void noJobClassUsesATool() {
        noClasses().that().resideOutsideOfPackage("io.moderationstream.tools..")
                .should().dependOnClassesThat().resideInAPackage("io.moderationstream.tools..")
                .because("moderation-stream-job.jar does not contain the tools")
                .check(main);
    }

    @Test
    void noJobClassUsesTheCommandLineOrTheEmbeddedBroker() {
        noClasses().that().resideOutsideOfPackage("io.moderationstream.tools..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "kafka..", "org.apache.kafka.server..", "scala..")
                .because("the job jar excludes picocli, the Kafka broker and Scala")
                .check(main);
    }

    @Test
    void scorersDoNotKnowTheMergeOrFairness() {
        noClasses().that().resideInAPackage("io.moderationstream.scoring..")
                .should().dependOnClassesThat().resideInAnyPackage("io.moderationstream.verdict..", "io.moderationstream.fairness..",
                        "io.moderationstream.pipeline..")
                .because("a scorer turns an event into a ScorerResult; deciding and aggregating happen downstream")
                .check(main);
    }

    @Test
    void noCoreClassNamesAScorer() {
        noClasses().that().resideOutsideOfPackages("io.moderationstream.scoring.*..", "io.moderationstream.tools..")
                .should().dependOnClassesThat().resideInAPackage("io.moderationstream.scoring.*..")
                .because("the pipeline, merge, policy, fairness and report loop over the registered ScorerPlugins: "
                        + "a new scorer is one package and one services line")
                .check(main);
    }

    @Test
    void theServingPathUsesNoOfflineTooling() {
        noClasses().that().resideOutsideOfPackages("io.moderationstream.tools..", "io.moderationstream.scoring.*.offline..",
                        "io.moderationstream.scoring.*.index..", "io.moderationstream.fairness.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.moderationstream.scoring.*.offline..",
                        "io.moderationstream.scoring.*.index..", "io.moderationstream.fairness.report..", "org.tribuo..")
                .because("moderation-stream-job.jar leaves out trainers, training-data export, evaluations, index builders and the report")
                .check(main);
    }

    @Test
    void scorerPackagesAreIndependentOfEachOther() {
        slices().matching("io.moderationstream.scoring.(*)..").should().notDependOnEachOther()
                .because("each scorer is its own branch and can be removed or replaced alone")
                .check(main);
    }
}
