package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verifier starved of CPU ({@code stress-ng --cpu 16 --vm 2 --vm-bytes 1G} beside it): no
 * healthy version is rolled back (each is promoted, or held because the verifier was overloaded),
 * and a broken one is still rolled back.
 */
class CpuStarvationFaultIT {

    @Test
    void underCpuStarvationNoHealthyVersionIsRolledBack() throws Exception {
        Process stress = new ProcessBuilder("stress-ng", "--cpu", "16", "--vm", "2", "--vm-bytes", "1G",
                "--timeout", "240s", "--quiet").redirectErrorStream(true).start();
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            bench.startInProcess(List.of("gateway", "health", "decision"));
            Map<String, Integer> expected = new LinkedHashMap<>();
            Map<String, Boolean> healthy = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                String s = bench.service("starved-good", i);
                String id = bench.deploy(s, "1.0", "0.9", bench.instances(s, "1.0", Behaviour.HEALTHY, 2));
                expected.put(id, 1);
                healthy.put(id, true);
            }
            String bad = bench.service("starved-bad", 0);
            String badId = bench.deploy(bad, "1.0", "0.9", bench.instances(bad, "1.0", Behaviour.CRASH_LOOP, 1));
            expected.put(badId, 1);
            healthy.put(badId, false);
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), expected, Duration.ofMinutes(4),
                    Duration.ofSeconds(5));
            long wrong = healthy.entrySet().stream().filter(e -> {
                List<Decision> ds = seen.decisions().get(e.getKey());
                return ds.size() != 1 || (e.getValue() ? !acceptableForHealthy(ds.get(0))
                        : ds.get(0).kind() != DecisionKind.ROLLBACK);
            }).count();
            FaultFigures.measure("CPU starvation (stress-ng)", expected.size(), seen.total(), (int) wrong,
                    seen.secondsToComplete(), 0).write();

            healthy.forEach((id, good) -> {
                List<Decision> ds = seen.decisions().get(id);
                assertThat(ds).as(id).hasSize(1);
                if (good) {
                    assertThat(acceptableForHealthy(ds.get(0))).as(id + ": " + ds.get(0).reasons()).isTrue();
                } else {
                    assertThat(ds.get(0).kind()).isEqualTo(DecisionKind.ROLLBACK);
                }
            });
        } finally {
            stress.destroy();
        }
    }

    /** PROMOTE, or HOLD because the verifier itself was overloaded; never ROLLBACK. */
    private static boolean acceptableForHealthy(Decision d) {
        return d.kind() == DecisionKind.PROMOTE || d.kind() == DecisionKind.HOLD
                && String.join(" ", d.reasons()).contains("overloaded");
    }
}
