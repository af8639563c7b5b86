package io.postflight.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.VerificationStarted;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.PrometheusServer;
import io.postflight.testing.PrometheusServer.ScrapeJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The baseline phase's custom and throughput checks on a real broker, reading a real Prometheus
 * that scrapes synthetic services every second. A business check, orders per minute per request
 * (PromQL from configuration), runs beside error rate and latency. Three slots at once: a
 * candidate that serves as well as its control but takes a fifth of the orders is rolled back on
 * the business metric; an unchanged candidate is promoted with the business check in its
 * evidence; a candidate that, once the previous version is gone, receives a twentieth of the traffic
 * the previous version served is rolled back on throughput.
 */
class BaselineChecksPrometheusIT {
    private static final double RATE = 500;
    private static final String ORDERS = "orders-per-request";
    private static final List<AutoCloseable> closeables = new ArrayList<>();
    private static final List<ApplicationContext> services = new ArrayList<>();
    private static final Map<String, SyntheticVersion> versions = new HashMap<>();
    private static String kafka;
    private static Instant scrapedSince;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.bootstrapServers();
        versions.put("orders/1.0", new SyntheticVersion("1.0", RATE, 0.01, 0.05));
        versions.put("orders/2.0", new SyntheticVersion("2.0", RATE, 0.01, 0.01));
        versions.put("unchanged/1.0", new SyntheticVersion("1.0", RATE, 0.01, 0.05));
        versions.put("unchanged/1.1", new SyntheticVersion("1.1", RATE, 0.01, 0.05));
        versions.put("quiet/1.0", new SyntheticVersion("1.0", RATE, 0.01, 0.05));
        versions.put("quiet/2.0", new SyntheticVersion("2.0", RATE / 20, 0.01, 0.05));
        closeables.addAll(versions.values());
        PrometheusServer prometheus = PrometheusServer.start(Duration.ofSeconds(1), List.of(
                job("orders", "2.0"), job("unchanged", "1.1"), job("quiet", "2.0")));
        closeables.add(prometheus);
        prometheus.awaitTargetsUp(6, Duration.ofSeconds(30));
        scrapedSince = Instant.now();

        // 20 steps: a sign test needs about twelve bad steps in a row at its share of alpha.
        Map<String, Object> props = BaselineBus.shortenedPhase(kafka, prometheus.url().toString(), "checks-it",
                "80s", "90s");
        props.put("postflight.baseline.checks." + ORDERS + ".words", "orders per request");
        props.put("postflight.baseline.checks." + ORDERS + ".query",
                "sum(rate(orders_total{{selector}}[{step}])) * 60");
        props.put("postflight.baseline.checks." + ORDERS + ".per-request", true);
        props.put("postflight.baseline.checks." + ORDERS + ".direction", "lower-is-worse");
        props.put("postflight.baseline.checks." + ORDERS + ".tolerance", 0.2);
        props.put("postflight.baseline.checks." + ORDERS + ".environments", List.of("orders", "unchanged"));
        services.addAll(BaselineBus.start(props, "checks-it"));
    }

    private static ScrapeJob job(String slot, String candidate) {
        return new ScrapeJob(slot, List.of(versions.get(slot + "/" + candidate).hostPort(),
                versions.get(slot + "/1.0").hostPort()), Map.of("service", "shop", "env", slot));
    }

    @AfterAll
    static void stop() throws Exception {
        services.forEach(ApplicationContext::close);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void aDroppingBusinessMetricAndATrafficDropAreRolledBackAndAnUnchangedVersionPromoted() throws Exception {
        // The quiet slot is compared with the previous version's last window before the deployment:
        // let Prometheus hold enough of it (a median bound needs about ten 4 s steps; 60 s gives
        // fifteen), then retire the previous version (no control).
        long waited = Duration.between(scrapedSince, Instant.now()).toSeconds();
        if (waited < 60) {
            Thread.sleep((60 - waited) * 1000);
        }
        versions.get("quiet/1.0").close();
        VerificationStarted orders = verification("orders", "2.0");
        VerificationStarted unchanged = verification("unchanged", "1.1");
        VerificationStarted quiet = verification("quiet", "2.0");
        BaselineBus bus = new BaselineBus(kafka);
        bus.startPastHealth(List.of(orders, unchanged, quiet));

        Map<String, Decision> decisions = bus.awaitDecisions(List.of(orders, unchanged, quiet), Duration.ofSeconds(150));

        Decision business = decisions.get(orders.deployment().deploymentId());
        assertThat(business.kind()).as(business.reasons().toString()).isEqualTo(DecisionKind.ROLLBACK);
        assertThat(business.phases()).containsEntry(Phase.BASELINE, PhaseOutcome.FAILED);
        assertThat(business.reasons()).anySatisfy(r -> assertThat(r).contains(ORDERS));
        Evidence o = evidence(business, ORDERS);
        assertThat(o.breached()).isTrue();
        assertThat(o.labels()).containsEntry("baseline", "control");
        assertThat(o.summary()).contains("orders per request").contains("at most 20 % below the control");
        // Error rate and latency are the control's: only the business metric argues for the rollback.
        assertThat(business.evidence()).filteredOn(Evidence::breached).extracting(Evidence::check)
                .containsExactly(ORDERS);
        // Caught on the way: before the window is over.
        assertThat(business.decidedAt()).as(o.summary() + " " + o.figures())
                .isBefore(orders.startedAt().plusSeconds(80));

        Decision promote = decisions.get(unchanged.deployment().deploymentId());
        assertThat(promote.kind()).as(promote.reasons().toString()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(evidence(promote, ORDERS).breached()).isFalse();
        assertThat(evidence(promote, "throughput").breached()).isFalse();

        Decision dropped = decisions.get(quiet.deployment().deploymentId());
        assertThat(dropped.kind()).as(dropped.reasons().toString()).isEqualTo(DecisionKind.ROLLBACK);
        Evidence t = evidence(dropped, "throughput");
        assertThat(t.breached()).isTrue();
        assertThat(t.labels()).containsEntry("baseline", "previous-window");
        assertThat(t.summary()).contains("requests per step").contains("50 % below");
        assertThat(dropped.decidedAt()).as(t.summary() + " " + t.figures()).isBefore(quiet.startedAt().plusSeconds(80));
        // The business check is not configured for this environment.
        assertThat(dropped.evidence()).noneMatch(e -> e.check().equals(ORDERS));
    }

    private static VerificationStarted verification(String slot, String version) {
        return BaselineBus.verification(slot, version, "1.0", versions.get(slot + "/" + version).url());
    }

    private static Evidence evidence(Decision d, String check) {
        return d.evidence().stream().filter(e -> e.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + check + " in " + d.evidence()));
    }
}
