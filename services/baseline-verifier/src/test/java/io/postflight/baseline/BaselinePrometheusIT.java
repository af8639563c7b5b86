package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.PrometheusServer.ScrapeJob;
import io.postflight.testing.PrometheusServer;
import io.postflight.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The baseline verifier and the decision engine on a real Kafka broker, reading a real Prometheus
 * server that scrapes synthetic services on loopback every second. Two slots are deployed side by
 * side, each with its previous version still serving as the control: one candidate fails 10 % of
 * its requests (the previous version 1 %) and is rolled back; one is unchanged and is promoted once
 * the (shortened) 40-second window is over. Shortened by configuration only: same code paths.
 */
class BaselinePrometheusIT {
    /**
     * Requests per second of every synthetic version. High enough that the error counters grow by
     * several per scrape: at 50/s a 1 % error share grew by one every two seconds, and Prometheus'
     * per-step extrapolation of such a coarse counter read an unchanged version as 1.5 % vs 0.5 %.
     */
    private static final double RATE = 500;
    private static final List<AutoCloseable> closeables = new ArrayList<>();
    private static final List<ApplicationContext> services = new ArrayList<>();
    private static String kafka;
    private static final Map<String, SyntheticVersion> versions = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        versions.put("regression/1.0", new SyntheticVersion("1.0", RATE, 0.01));
        versions.put("regression/2.0", new SyntheticVersion("2.0", RATE, 0.10));
        versions.put("unchanged/1.0", new SyntheticVersion("1.0", RATE, 0.01));
        versions.put("unchanged/1.1", new SyntheticVersion("1.1", RATE, 0.01));
        closeables.addAll(versions.values());
        PrometheusServer prometheus = PrometheusServer.start(Duration.ofSeconds(1), List.of(
                job("regression"), job("unchanged")));
        closeables.add(prometheus);
        prometheus.awaitTargetsUp(4, Duration.ofSeconds(30));

        services.addAll(BaselineBus.start(BaselineBus.shortenedPhase(kafka, prometheus.url().toString(), "baseline-it",
                "40s", "50s"), "baseline-it"));
    }

    /** One slot's two versions, labelled as a Kubernetes service discovery would label them. */
    private static ScrapeJob job(String slot) {
        return new ScrapeJob(slot, List.of(versions.get(slot + "/" + (slot.equals("regression") ? "2.0" : "1.1"))
                .hostPort(), versions.get(slot + "/1.0").hostPort()), Map.of("service", "shop", "env", slot));
    }

    @AfterAll
    static void stop() throws Exception {
        services.forEach(ApplicationContext::close);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void anErrorRateRegressionIsRolledBackAndAnUnchangedVersionPromoted() throws Exception {
        VerificationStarted regression = verification("regression", "2.0");
        VerificationStarted unchanged = verification("unchanged", "1.1");
        BaselineBus bus = new BaselineBus(kafka);
        // The health phase is not under test here: it passes at once.
        bus.startPastHealth(List.of(regression, unchanged));

        Map<String, Decision> decisions = bus.awaitDecisions(List.of(regression, unchanged), Duration.ofSeconds(90));

        Decision rollback = decisions.get(regression.deployment().deploymentId());
        assertThat(rollback.kind()).isEqualTo(DecisionKind.ROLLBACK);
        assertThat(rollback.phases()).containsEntry(Phase.HEALTH, PhaseOutcome.PASSED)
                .containsEntry(Phase.BASELINE, PhaseOutcome.FAILED);
        assertThat(rollback.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("BASELINE FAILED: regression vs control"));
        Evidence errors = rollback.evidence().stream().filter(e -> e.check().equals("error-rate")).findFirst()
                .orElseThrow();
        assertThat(errors.breached()).isTrue();
        assertThat(errors.labels()).containsEntry("baseline", "control").containsEntry("provider", "prometheus");
        assertThat(errors.figures().get("candidateRate")).isBetween(0.09, 0.11);
        assertThat(errors.figures().get("comparisonRate")).isBetween(0.005, 0.015);
        // Decided on the evidence, well before the window is over.
        assertThat(rollback.decidedAt()).isBefore(regression.startedAt().plusSeconds(40));

        Decision promote = decisions.get(unchanged.deployment().deploymentId());
        assertThat(promote.kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(promote.phases()).containsEntry(Phase.HEALTH, PhaseOutcome.PASSED)
                .containsEntry(Phase.BASELINE, PhaseOutcome.PASSED);
        assertThat(promote.reasons()).anySatisfy(r -> assertThat(r)
                .startsWith("BASELINE PASSED: no regression vs control"));
        assertThat(promote.evidence()).noneMatch(Evidence::breached);
        Evidence traffic = promote.evidence().stream().filter(e -> e.check().equals("traffic")).findFirst()
                .orElseThrow();
        // 500 requests/s for 40 s on each side, as Prometheus extrapolates them.
        assertThat(traffic.figures().get("candidateRequests")).as(promote.evidence().toString())
                .isBetween(18_000.0, 22_000.0);
        assertThat(traffic.figures().get("comparisonRequests")).as(traffic.summary()).isBetween(18_000.0, 22_000.0);
        assertThat(promote.decidedAt()).isAfter(unchanged.startedAt().plusSeconds(40));

        try (TopicReader reader = new TopicReader(kafka, Topics.PHASE_RESULTS.name())) {
            List<PhaseResult> baseline = reader.drain(Duration.ofSeconds(2)).stream().map(r -> BaselineBus.read(r, PhaseResult.class))
                    .filter(r -> r.phase() == Phase.BASELINE && (r.deployment().equals(regression.deployment())
                            || r.deployment().equals(unchanged.deployment()))).toList();
            assertThat(baseline).extracting(PhaseResult::outcome)
                    .containsExactlyInAnyOrder(PhaseOutcome.FAILED, PhaseOutcome.PASSED);
            assertThat(baseline).allSatisfy(r -> assertThat(r.startedAt()).isAfterOrEqualTo(r.deployEvent().time()));
        }
    }

    private static VerificationStarted verification(String slot, String version) {
        return BaselineBus.verification(slot, version, "1.0", versions.get(slot + "/" + version).url());
    }
}
