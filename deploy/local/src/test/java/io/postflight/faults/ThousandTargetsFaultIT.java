package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * One event with 1000 targets, each on its own origin (127.0.x.y, all answering): it is decided
 * once, a healthy deployment beside it is promoted, and the verifier's threads stay flat instead of
 * growing with the number of origins.
 */
class ThousandTargetsFaultIT {
    private static final int TARGETS = 1000;

    @Test
    void anEventWithAThousandTargetsIsDecidedOnceWithFlatThreads() throws Exception {
        HttpServer everywhere = HttpServer.create(new InetSocketAddress(0), 200);
        everywhere.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        everywhere.createContext("/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        everywhere.start();
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            bench.startInProcess(List.of("gateway", "health", "decision"));
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            int port = everywhere.getAddress().getPort();
            Map<String, String> urls = new LinkedHashMap<>();
            for (int i = 0; i < TARGETS; i++) {
                urls.put("i-" + i, "http://127.0." + (1 + i / 250) + "." + (1 + i % 250) + ":" + port);
            }
            Map<String, Integer> expected = new LinkedHashMap<>();
            String many = bench.deployAt(bench.service("thousand", 0), "1.0", "0.9", urls);
            expected.put(many, 1);
            String beside = bench.service("beside-thousand", 0);
            String besideId = bench.deploy(beside, "1.0", "0.9", bench.instances(beside, "1.0", Behaviour.HEALTHY, 1));
            expected.put(besideId, 1);
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), expected, Duration.ofMinutes(4),
                    Duration.ofSeconds(5));
            int threadsAfter = ManagementFactory.getThreadMXBean().getPeakThreadCount();
            long wrong = seen.decisions().values().stream()
                    .filter(ds -> ds.size() != 1 || ds.get(0).kind() != DecisionKind.PROMOTE).count();
            FaultFigures.measure("an event with " + TARGETS + " targets", 2, seen.total(), (int) wrong,
                    seen.secondsToComplete(), 0).write();

            seen.decisions().forEach((id, ds) -> assertThat(ds).as(id).extracting(Decision::kind)
                    .containsExactly(DecisionKind.PROMOTE));
            assertThat(threadsAfter - threadsBefore).as("threads added while probing 1000 origins").isLessThan(200);
        } finally {
            everywhere.stop(0);
        }
    }
}
