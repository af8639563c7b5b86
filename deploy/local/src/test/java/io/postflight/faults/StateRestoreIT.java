package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Topics;
import io.postflight.local.DemoTarget;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A lost volume on every service at once: while a good and a bad deployment are being verified,
 * each service is stopped, its local state folder deleted, and started again on an empty one. The
 * stores (the health verifier's rounds, the decision engine's verifications, the gateway's
 * de-duplication) come back from their changelogs: the good deployment is still promoted on its
 * probes' evidence (a lost health store would leave it to the watchdog's HOLD, a lost decision
 * store would drop its phase result), the bad one rolled back, each exactly once. The services
 * stop gracefully here (a lost disk, not a crash: {@code ServiceKillFaultIT} covers {@code kill -9});
 * the crash-looping version may be decided before or after the loss.
 */
class StateRestoreIT {

    @Test
    void everyServiceLosingItsStateMidPhaseRestoresFromTheChangelogsAndDecidesOnce() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            // A health phase long enough to span a restart of every service on a busy machine.
            bench.with("postflight.health.pass-after-consecutive-healthy", 40)
                    .with("postflight.health.phase-duration", "240s");
            String good = bench.service("restore-good", 0);
            String bad = bench.service("restore-bad", 0);
            List<DemoTarget> goodInstances = bench.instances(good, "2.0", Behaviour.HEALTHY, 2);
            bench.startInProcess(List.of("gateway", "health", "decision"));

            String goodId = bench.deploy(good, "2.0", "1.0", goodInstances);
            String badId = bench.deploy(bad, "2.0", "1.0", bench.instances(bad, "2.0", Behaviour.CRASH_LOOP, 1));
            await("probes of the good version").atMost(Duration.ofMinutes(2))
                    .until(() -> goodInstances.get(0).probes() >= 4);

            assertThat(FaultBench.decisions(bench.kafka(), Map.of(goodId, 0), Duration.ofSeconds(30),
                    Duration.ofSeconds(1)).decisions().get(goodId))
                    .as("the good deployment is still undecided when the volumes are lost").isEmpty();
            bench.loseEveryVolume();

            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), Map.of(goodId, 1, badId, 1),
                    Duration.ofMinutes(5), Duration.ofSeconds(8));
            List<Decision> goodDecisions = seen.decisions().get(goodId);
            List<Decision> badDecisions = seen.decisions().get(badId);
            assertThat(goodDecisions).as(goodDecisions.stream().map(Decision::reasons).toList().toString())
                    .extracting(Decision::kind).containsExactly(DecisionKind.PROMOTE);
            assertThat(badDecisions).as(badDecisions.stream().map(Decision::reasons).toList().toString())
                    .extracting(Decision::kind).containsExactly(DecisionKind.ROLLBACK);
            for (String service : List.of("gateway", "health", "decision")) {
                assertThat(restored(bench, service)).as("records restored into the " + service + "'s stores")
                        .isPositive();
            }
        }
    }

    /**
     * The phases after health: the volumes are lost once while the baseline verifier compares the
     * good (leaking) version with the serving one, and again while the drift verifier watches it
     * after its promotion. Each time the stores of the verifier at work come back from their
     * changelogs, store by store: the good version is promoted on its baseline, then rolled back
     * when its leak is seen (drift needs its restored samples to keep the observation it had), and
     * the crash-looping one rolled back, each decision exactly once.
     */
    @Test
    void theBaselineAndDriftVerifiersLosingTheirStateMidPhaseRestoreEveryStoreAndDecideOnce() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH,BASELINE,DRIFT")) {
            String good = bench.service("restore-leak", 0);
            String bad = bench.service("restore-crash", 0);
            List<DemoTarget> serving = bench.instances(good, "1.0", Behaviour.HEALTHY, 2);
            List<DemoTarget> goodInstances = bench.instances(good, "2.0", Behaviour.MEMORY_LEAK, 2);
            // The baseline reads Prometheus (with the demo's own scrapes, the gap while the verifier is
            // down would rightly make the window inconclusive: a HOLD).
            bench.baselineFromPrometheus(good, java.util.stream.Stream.concat(serving.stream(),
                    goodInstances.stream()).toList());
            bench.serving(good, serving).startInProcess(List.of("gateway", "health", "baseline", "drift", "decision"));

            String goodId = bench.deploy(good, "2.0", "1.0", goodInstances);
            String badId = bench.deploy(bad, "2.0", "1.0", bench.instances(bad, "2.0", Behaviour.CRASH_LOOP, 1));

            // Health has passed: the baseline verifier is collecting its window.
            FaultBench.awaitRecord(bench.kafka(), Topics.PHASE_RESULTS.name(), goodId, Duration.ofMinutes(3));
            bench.loseEveryVolume();
            Map<String, Double> afterBaselineLoss = Map.of(
                    "baseline-verifications", restored(bench, "baseline", "baseline-verifications"),
                    "decision-slots", restored(bench, "decision", "decision-slots"));

            // Promoted: the drift verifier is watching the new version.
            FaultBench.awaitRecord(bench.kafka(), Topics.DECISIONS.name(), goodId, Duration.ofMinutes(5));
            // A few of the new version's samples (one a second) in the drift verifier's changelogs.
            await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(11)).until(() -> true);
            bench.loseEveryVolume();
            Map<String, Double> afterDriftLoss = Map.of(
                    "drift-watches", restored(bench, "drift", "drift-watches"),
                    "drift-samples", restored(bench, "drift", "drift-samples"),
                    "decision-slots", restored(bench, "decision", "decision-slots"));

            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), Map.of(goodId, 2, badId, 1),
                    Duration.ofMinutes(6), Duration.ofSeconds(8));
            List<Decision> goodDecisions = seen.decisions().get(goodId);
            List<Decision> badDecisions = seen.decisions().get(badId);
            assertThat(goodDecisions).as(goodDecisions.stream().map(Decision::reasons).toList().toString())
                    .extracting(Decision::kind).containsExactly(DecisionKind.PROMOTE, DecisionKind.ROLLBACK);
            assertThat(badDecisions).as(badDecisions.stream().map(Decision::reasons).toList().toString())
                    .extracting(Decision::kind).containsExactly(DecisionKind.ROLLBACK);
            assertThat(afterBaselineLoss).as("records restored per store after the loss mid-baseline")
                    .allSatisfy((store, records) -> assertThat(records).as(store).isPositive());
            assertThat(afterDriftLoss).as("records restored per store after the loss mid-drift")
                    .allSatisfy((store, records) -> assertThat(records).as(store).isPositive());
        }
    }

    private static double restored(FaultBench bench, String service) {
        return bench.service(service).getBean(MeterRegistry.class).find("postflight.state.restored.records")
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /**
     * Records restored into one store. Restoration runs as the stream thread starts, so this waits
     * until the store has reported (a store with nothing to restore never does: that fails here).
     */
    private static double restored(FaultBench bench, String service, String store) {
        double[] seen = {0};
        try {
            await("records restored into " + store).atMost(Duration.ofMinutes(2)).until(() -> {
                seen[0] = bench.service(service).getBean(MeterRegistry.class)
                        .find("postflight.state.restored.records").tag("store", store).counters().stream()
                        .mapToDouble(c -> c.count()).sum();
                return seen[0] > 0;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return seen[0];
        }
        return seen[0];
    }
}
