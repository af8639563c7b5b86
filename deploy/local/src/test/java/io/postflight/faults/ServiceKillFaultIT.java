package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Topics;
import io.postflight.local.ChildJvm;
import io.postflight.local.DemoTarget;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} of each service in the middle of a phase. The service under attack runs as a
 * child JVM; it is killed (no shutdown, no commit) while a good and a bad deployment are being
 * verified, and a new instance with an empty state folder takes over from the changelogs. Each
 * deployment must end with exactly its expected decisions: none lost, none repeated, none wrong.
 */
class ServiceKillFaultIT {

    @ParameterizedTest(name = "kill -9 of the {0} mid-phase")
    @ValueSource(strings = {"gateway", "health", "baseline", "drift", "decision"})
    void aServiceKilledMidPhaseLosesAndRepeatsNoDecision(String victim) throws Exception {
        boolean drift = victim.equals("drift");
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(),
                drift ? "HEALTH,BASELINE,DRIFT" : "HEALTH,BASELINE")) {
            String good = bench.service("kill-good", 0);
            String bad = bench.service("kill-bad", 0);
            List<DemoTarget> serving = bench.instances(good, "1.0", Behaviour.HEALTHY, 2);
            List<DemoTarget> goodInstances = bench.instances(good, "2.0", drift ? Behaviour.MEMORY_LEAK
                    : Behaviour.HEALTHY, 2);
            bench.serving(good, serving);
            if (!drift) {
                bench.baselineFromPrometheus(good, java.util.stream.Stream.concat(serving.stream(),
                        goodInstances.stream()).toList());
            }
            bench.startAllBut(victim);
            ChildJvm first = bench.startChild(victim);
            first.awaitOutput("Startup completed", Duration.ofMinutes(3));

            String goodId = bench.deploy(good, "2.0", "1.0", goodInstances);
            String badId = bench.deploy(bad, "2.0", "1.0", bench.instances(bad, "2.0", Behaviour.CRASH_LOOP, 1));
            awaitMidPhase(bench, victim, goodId, goodInstances);
            first.kill();

            ChildJvm second = bench.startChild(victim);
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), Map.of(goodId, drift ? 2 : 1, badId, 1),
                    Duration.ofMinutes(5), Duration.ofSeconds(8));
            List<Decision> goodDecisions = seen.decisions().get(goodId);
            List<Decision> badDecisions = seen.decisions().get(badId);
            int wrong = wrong(goodDecisions, drift) + (badDecisions.size() == 1
                    && badDecisions.get(0).kind() == DecisionKind.ROLLBACK ? 0 : Math.max(1, badDecisions.size()));
            FaultFigures.measure("kill -9 of the " + victim + " mid-phase", drift ? 3 : 2, seen.total(), wrong,
                    seen.secondsToComplete(), 0).write();
            second.close();

            assertThat(goodDecisions).as(goodDecisions.stream().map(Decision::reasons).toList().toString())
                    .extracting(Decision::kind).containsExactlyElementsOf(drift
                    ? List.of(DecisionKind.PROMOTE, DecisionKind.ROLLBACK) : List.of(DecisionKind.PROMOTE));
            assertThat(badDecisions).as(badDecisions.stream().map(Decision::reasons).toList().toString())
                    .extracting(Decision::kind).containsExactly(DecisionKind.ROLLBACK);
        }
    }

    /** Waits until the victim is in the middle of its part of the verification. */
    private static void awaitMidPhase(FaultBench bench, String victim, String goodId, List<DemoTarget> good) {
        switch (victim) {
            // Right after the events were sent: the intake may or may not have read them.
            case "gateway" -> { }
            case "health", "decision" -> await("probes of the good version").atMost(Duration.ofMinutes(2))
                    .until(() -> good.get(0).probes() >= 4);
            case "baseline" -> FaultBench.awaitRecord(bench.kafka(), Topics.PHASE_RESULTS.name(), goodId,
                    Duration.ofMinutes(2));
            case "drift" -> FaultBench.awaitRecord(bench.kafka(), Topics.DECISIONS.name(), goodId,
                    Duration.ofMinutes(3));
            default -> throw new IllegalArgumentException(victim);
        }
    }

    private static int wrong(List<Decision> ds, boolean drift) {
        List<DecisionKind> expected = drift ? List.of(DecisionKind.PROMOTE, DecisionKind.ROLLBACK)
                : List.of(DecisionKind.PROMOTE);
        List<DecisionKind> kinds = ds.stream().map(Decision::kind).toList();
        return kinds.equals(expected) ? 0 : Math.max(1, Math.abs(kinds.size() - expected.size()));
    }
}
