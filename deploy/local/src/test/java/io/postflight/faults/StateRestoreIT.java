package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
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

    private static double restored(FaultBench bench, String service) {
        return bench.service(service).getBean(MeterRegistry.class).find("postflight.state.restored.records")
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
