package io.postflight.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.streams.processor.api.Processor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The separation the design rests on: judges are pure functions, providers fetch, Kafka plumbing
 * only moves records, services stand alone and their stream threads never wait on the network.
 * Each rule says why it exists. It lives in the launcher's tests because only the launcher sees
 * every module.
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

    @Test
    void servicesDoNotDependOnEachOther() {
        slices().matching("io.postflight.(gateway|health|baseline|drift|decision|verdict)..")
                .should().notDependOnEachOther()
                .because("each service is deployed, scaled and rolled back on its own; what two services share"
                        + " belongs in the contracts, the judges, the providers or the service kit")
                .check(classes);
    }

    @Test
    void sharedModulesDoNotDependOnServices() {
        ArchRule rule = noClasses().that().resideInAnyPackage("io.postflight.kafka..", "io.postflight.runtime..",
                        "io.postflight.judge..", "io.postflight.metrics..", "io.postflight.provider..",
                        "io.postflight.resilience..", "io.postflight.backtest..", "io.postflight.contracts..",
                        "io.postflight.targets..", "io.postflight.httpkit..", "io.postflight.tracing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.postflight.gateway..",
                        "io.postflight.health..", "io.postflight.baseline..", "io.postflight.drift..",
                        "io.postflight.decision..", "io.postflight.verdict..", "io.postflight.local..")
                .because("the layers point one way: services on top of the kit, providers and judges, which sit"
                        + " on the contracts");
        rule.check(classes);
    }

    @Test
    void onlyTheKitMakesSpans() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.postflight.tracing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.opentelemetry.api.trace..",
                        "io.opentelemetry.sdk..", "io.opentelemetry.exporter..")
                .because("spans are made in the kit's terms (Tracing, TraceScope): one set of names and attributes,"
                        + " and one place that chooses between the no-op and the exporting SDK (ADR 0026)");
        rule.check(classes);
    }

        @Test
    void processorsDoNoBlockingIoOnTheStreamThread() {
        ArchRule rule = noClasses().that().implement(Processor.class)
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.file..", "java.sql..",
                        "io.micronaut.http.client..", "io.postflight.provider..")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .orShould().callMethod(Future.class, "get")
                .orShould().callMethod(CompletableFuture.class, "get")
                .orShould().callMethod(CompletableFuture.class, "join")
                .because("a stream thread that waits on a slow target stalls every verification of its partitions"
                        + " and can miss its poll deadline: fetches and probes run on executors and the processor"
                        + " collects their results on a later punctuation");
        rule.check(classes);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.postflight.(*)..").should().beFreeOfCycles()
                .because("a cycle between packages makes both one unit: neither can be understood, tested or"
                        + " moved to its own module alone")
                .check(classes);
    }
}
