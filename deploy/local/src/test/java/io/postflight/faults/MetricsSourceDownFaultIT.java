package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metrics source (Prometheus) down for the whole baseline phase: a healthy version is held for a
 * human (HOLD, baseline INCONCLUSIVE), never promoted on missing data; a crash-looping one beside it
 * is still rolled back on HEALTH, which needs no metrics.
 */
class MetricsSourceDownFaultIT {

    @Test
    void withPrometheusDownAHealthyVersionIsHeldNeverPromotedAndABrokenOneStillRolledBack() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH,BASELINE")) {
            bench.with("postflight.baseline.metrics.provider", "prometheus")
                    .with("postflight.baseline.metrics.prometheus.url", "http://127.0.0.1:" + deadPort)
                    .startInProcess(List.of("gateway", "health", "baseline", "decision"));
            String good = bench.service("nometrics-good", 0);
            String bad = bench.service("nometrics-bad", 0);
            String goodId = bench.deploy(good, "2.0", "1.0", bench.instances(good, "2.0", Behaviour.HEALTHY, 2));
            String badId = bench.deploy(bad, "2.0", "1.0", bench.instances(bad, "2.0", Behaviour.CRASH_LOOP, 1));
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), Map.of(goodId, 1, badId, 1),
                    Duration.ofMinutes(4), Duration.ofSeconds(5));
            List<Decision> g = seen.decisions().get(goodId);
            List<Decision> b = seen.decisions().get(badId);
            int wrong = (g.size() == 1 && g.get(0).kind() == DecisionKind.HOLD ? 0 : 1)
                    + (b.size() == 1 && b.get(0).kind() == DecisionKind.ROLLBACK ? 0 : 1);
            FaultFigures.measure("metrics source (Prometheus) down", 2, seen.total(), wrong, -1, 0).write();

            assertThat(g).extracting(Decision::kind).containsExactly(DecisionKind.HOLD);
            assertThat(g.get(0).reasons().get(0)).contains("BASELINE INCONCLUSIVE");
            assertThat(b).extracting(Decision::kind).containsExactly(DecisionKind.ROLLBACK);
        }
    }
}
