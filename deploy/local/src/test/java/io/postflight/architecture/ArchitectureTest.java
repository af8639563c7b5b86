package io.postflight.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The separation the design rests on: judges are pure functions, providers fetch, Kafka plumbing
 * only moves records. Each rule says why it exists.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.postflight");
    }

    @Test
    void judgesDoNoIo() {
        ArchRule rule = noClasses().that().resideInAPackage("io.postflight.judge..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.micronaut..",
                        "java.net..", "java.nio.file..", "java.sql..", "io.postflight.provider..",
                        "io.postflight.kafka..", "io.postflight.runtime..", "io.github.resilience4j..")
                .because("judges are pure functions (data in, verdict out): they are tested without Kafka,"
                        + " replayed by the backtest exactly as the services run them, and must give the same"
                        + " verdict for the same data");
        rule.check(classes);
    }

    @Test
    void judgesTakeTimeOnlyAsAParameter() {
        ArchRule rule = noClasses().that().resideInAPackage("io.postflight.judge..")
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
                .because("a judge reading the clock could not be replayed step by step: 'now' is a parameter,"
                        + " so a backtest's decidedAtSeconds is honest and a 24-hour phase can be tested in seconds");
        rule.check(classes);
    }

    @Test
    void providersDoNotTouchKafkaOrJudges() {
        ArchRule rule = noClasses().that().resideInAPackage("io.postflight.provider..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.postflight.kafka..",
                        "io.postflight.judge..")
                .because("providers only fetch metrics; what the numbers mean is the judges' business and"
                        + " moving records is the Kafka plumbing's");
        rule.check(classes);
    }

    @Test
    void kafkaPlumbingNeitherFetchesNorJudges() {
        ArchRule rule = noClasses().that().resideInAPackage("io.postflight.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("io.postflight.provider..",
                        "io.postflight.judge..", "java.net.http..")
                .because("the Kafka scaffolding moves records; fetching and judging stay testable without a broker");
        rule.check(classes);
    }

    @Test
    void metricTypesStayFrameworkFree() {
        ArchRule rule = noClasses().that().resideInAPackage("io.postflight.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "org.apache.kafka..")
                .because("the data types judges consume and providers produce are shared by the services, the"
                        + " backtest and the benchmarks alike");
        rule.check(classes);
    }
}
