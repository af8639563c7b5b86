package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.ScriptedHttpServer;
import io.postflight.testing.ScriptedHttpServer.Reply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slow, hanging and refusing targets beside healthy deployments: each hostile one ends in exactly
 * one decision that is not a PROMOTE, and the healthy ones beside them are promoted as usual.
 */
class HostileTargetsFaultIT {

    @Test
    void slowHangingAndRefusingTargetsDelayNoOtherDeploymentAndAreNeverPromoted() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH");
             ScriptedHttpServer slow = new ScriptedHttpServer().otherwise(Reply.slow(3000, "ok"));
             HangingServer hanging = new HangingServer()) {
            bench.startInProcess(List.of("gateway", "health", "decision"));
            int refusedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                refusedPort = s.getLocalPort();
            }
            Map<String, Integer> hostile = new LinkedHashMap<>();
            hostile.put(bench.deployAt(bench.service("slow", 0), "1.0", "0.9",
                    Map.of("slow-0", slow.uri("").toString())), 1);
            hostile.put(bench.deployAt(bench.service("hanging", 0), "1.0", "0.9",
                    Map.of("hanging-0", "http://127.0.0.1:" + hanging.port())), 1);
            hostile.put(bench.deployAt(bench.service("refusing", 0), "1.0", "0.9",
                    Map.of("refusing-0", "http://127.0.0.1:" + refusedPort)), 1);
            Map<String, Integer> healthy = new LinkedHashMap<>();
            for (int i = 0; i < 3; i++) {
                String service = bench.service("beside", i);
                healthy.put(bench.deploy(service, "1.0", "0.9", bench.instances(service, "1.0", Behaviour.HEALTHY, 2)), 1);
            }
            Map<String, Integer> all = new LinkedHashMap<>(hostile);
            all.putAll(healthy);
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), all, Duration.ofMinutes(3),
                    Duration.ofSeconds(5));
            long wrong = hostile.keySet().stream().map(seen.decisions()::get)
                    .filter(ds -> ds.size() != 1 || ds.get(0).kind() == DecisionKind.PROMOTE).count()
                    + healthy.keySet().stream().map(seen.decisions()::get)
                    .filter(ds -> ds.size() != 1 || ds.get(0).kind() != DecisionKind.PROMOTE).count();
            FaultFigures.measure("slow, hanging and refusing targets", all.size(), seen.total(), (int) wrong,
                    seen.secondsToComplete(), 0).write();

            hostile.keySet().forEach(id -> assertThat(seen.decisions().get(id)).as(id).hasSize(1)
                    .extracting(Decision::kind).doesNotContain(DecisionKind.PROMOTE));
            healthy.keySet().forEach(id -> assertThat(seen.decisions().get(id)).as(id).extracting(Decision::kind)
                    .containsExactly(DecisionKind.PROMOTE));
        }
    }

    /** Accepts connections and never answers (nor closes them). */
    static final class HangingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new ArrayList<>();
        private final Thread acceptor = Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });

        HangingServer() throws java.io.IOException {
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join(2000);
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
