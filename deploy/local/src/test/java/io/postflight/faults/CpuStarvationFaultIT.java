package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.judge.baseline.BaselineJudge;
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
 * and a broken one is still rolled back. Once on the health phase alone, once with the baseline
 * phase too, whose scrapes run inside the starved verifier: a window it could not sample must be
 * held as the verifier's overload, never as the version's missing data.
 */
class CpuStarvationFaultIT {

    @Test
    void underCpuStarvationNoHealthyVersionIsRolledBack() throws Exception {
        try (Stress ignored = Stress.start(Duration.ofSeconds(240));
             FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            bench.startInProcess(List.of("gateway", "health", "decision"));
            Map<String, Boolean> healthy = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                String s = bench.service("starved-good", i);
                healthy.put(bench.deploy(s, "1.0", "0.9", bench.instances(s, "1.0", Behaviour.HEALTHY, 2)), true);
            }
            String bad = bench.service("starved-bad", 0);
            healthy.put(bench.deploy(bad, "1.0", "0.9", bench.instances(bad, "1.0", Behaviour.CRASH_LOOP, 1)), false);
            judged(bench, healthy, "CPU starvation (stress-ng)", Duration.ofMinutes(4));
        }
    }

    // A late intake (the verification reached the starved verifier minutes after the gateway started
    // it) leaves the window's first steps unread: StarvedRounds notes them as the verifier's, so a
    // healthy version is held as "verifier overloaded", not as "data missing".
    @Test
    void underCpuStarvationTheBaselinePhaseHoldsOnlyBecauseTheVerifierWasOverloaded() throws Exception {
        try (Stress ignored = Stress.start(Duration.ofSeconds(360));
             FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH,BASELINE")) {
            Map<String, Boolean> healthy = new LinkedHashMap<>();
            List<String> good = List.of(bench.service("starved-baseline-good", 0),
                    bench.service("starved-baseline-good", 1));
            String slow = bench.service("starved-baseline-slow", 0);
            for (String s : List.of(good.get(0), good.get(1), slow)) {
                bench.serving(s, bench.instances(s, "0.9", Behaviour.HEALTHY, 1));
            }
            bench.startInProcess(List.of("gateway", "health", "baseline", "decision"));
            for (String s : good) {
                healthy.put(bench.deploy(s, "1.0", "0.9", bench.instances(s, "1.0", Behaviour.HEALTHY, 1)), true);
            }
            healthy.put(bench.deploy(slow, "1.0", "0.9",
                    bench.instances(slow, "1.0", Behaviour.LATENCY_REGRESSION, 1)), false);
            judged(bench, healthy, "CPU starvation, baseline phase (stress-ng)", Duration.ofMinutes(6));
        }
    }

    /** Waits for one decision per deployment, writes the figures, and checks each decision. */
    private static void judged(FaultBench bench, Map<String, Boolean> healthy, String fault, Duration timeout) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        healthy.keySet().forEach(id -> expected.put(id, 1));
        FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), expected, timeout, Duration.ofSeconds(5));
        long wrong = healthy.entrySet().stream().filter(e -> {
            List<Decision> ds = seen.decisions().get(e.getKey());
            return ds.size() != 1 || (e.getValue() ? !acceptableForHealthy(ds.get(0))
                    : ds.get(0).kind() != DecisionKind.ROLLBACK);
        }).count();
        FaultFigures.measure(fault, expected.size(), seen.total(), (int) wrong, seen.secondsToComplete(), 0).write();

        healthy.forEach((id, good) -> {
            List<Decision> ds = seen.decisions().get(id);
            assertThat(ds).as(id).hasSize(1);
            if (good) {
                assertThat(acceptableForHealthy(ds.get(0))).as(id + ": " + ds.get(0).reasons()).isTrue();
            } else {
                assertThat(ds.get(0).kind()).as(id + ": " + ds.get(0).reasons()).isEqualTo(DecisionKind.ROLLBACK);
            }
        });
    }

    /** PROMOTE, or HOLD because the verifier itself was overloaded; never ROLLBACK. */
    private static boolean acceptableForHealthy(Decision d) {
        return d.kind() == DecisionKind.PROMOTE || d.kind() == DecisionKind.HOLD
                && String.join(" ", d.reasons()).contains(BaselineJudge.VERIFIER_OVERLOADED);
    }

    /** {@code stress-ng} beside the verifier, stopped with the test (or by its own timeout). */
    private record Stress(Process process) implements AutoCloseable {
        static Stress start(Duration timeout) throws java.io.IOException {
            return new Stress(new ProcessBuilder("stress-ng", "--cpu", "16", "--vm", "2", "--vm-bytes", "1G",
                    "--timeout", timeout.toSeconds() + "s", "--quiet").redirectErrorStream(true).start());
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
