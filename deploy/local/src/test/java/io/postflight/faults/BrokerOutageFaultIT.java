package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.local.DemoTarget;
import io.postflight.local.DemoTarget.Behaviour;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The broker down for 60 s in the middle of health phases, then back on the same address with the
 * same log directories. The services ride it out: every deployment started before the outage, and
 * every one announced after it, ends with exactly its expected decision.
 */
class BrokerOutageFaultIT {
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void aBrokerDownForAMinuteLosesAndRepeatsNoDecision() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start();
             FaultBench bench = new FaultBench(broker.bootstrapServers(), "HEALTH")) {
            // Long health phases (40 healthy rounds, 20 s), so the outage falls in the middle of them.
            bench.with("postflight.health.pass-after-consecutive-healthy", 40)
                    .with("postflight.health.phase-duration", "5m")
                    .startInProcess(List.of("gateway", "health", "decision"));
            Map<String, Integer> expected = new LinkedHashMap<>();
            Map<String, DecisionKind> kinds = new LinkedHashMap<>();
            List<DemoTarget> first = null;
            for (int i = 0; i < 3; i++) {
                String s = bench.service("outage-before", i);
                List<DemoTarget> instances = bench.instances(s, "1.0", Behaviour.HEALTHY, 1);
                first = first == null ? instances : first;
                String id = bench.deploy(s, "1.0", "0.9", instances);
                expected.put(id, 1);
                kinds.put(id, DecisionKind.PROMOTE);
            }
            String broken = bench.service("outage-broken", 0);
            String brokenId = bench.deploy(broken, "1.0", "0.9", bench.instances(broken, "1.0", Behaviour.NEVER_READY, 1));
            expected.put(brokenId, 1);
            kinds.put(brokenId, DecisionKind.ROLLBACK);
            List<DemoTarget> probed = first;
            await("health phases under way").atMost(Duration.ofMinutes(2)).until(() -> probed.get(0).probes() >= 6);

            broker.stop();
            Thread.sleep(OUTAGE.toMillis());
            broker.startAgain();
            long back = System.nanoTime();

            for (int i = 0; i < 2; i++) {
                String s = bench.service("outage-after", i);
                String id = bench.deploy(s, "1.0", "0.9", bench.instances(s, "1.0", Behaviour.HEALTHY, 1));
                expected.put(id, 1);
                kinds.put(id, DecisionKind.PROMOTE);
            }
            double beforeReading = (System.nanoTime() - back) / 1e9;
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), expected, Duration.ofMinutes(5),
                    Duration.ofSeconds(8));
            // From the broker's return to the last expected decision.
            double recovery = seen.secondsToComplete() < 0 ? -1 : beforeReading + seen.secondsToComplete();
            long wrong = kinds.entrySet().stream().filter(e -> {
                List<Decision> ds = seen.decisions().get(e.getKey());
                return ds.size() != 1 || ds.get(0).kind() != e.getValue();
            }).count();
            FaultFigures.measure("broker down " + OUTAGE.toSeconds() + " s mid-phase", expected.size(), seen.total(),
                    (int) wrong, recovery, 0).write();

            kinds.forEach((id, kind) -> assertThat(seen.decisions().get(id)).as(id).extracting(Decision::kind)
                    .containsExactly(kind));
        }
    }
}
