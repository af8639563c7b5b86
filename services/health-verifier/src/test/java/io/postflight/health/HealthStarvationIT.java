package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.health.HealthJudge;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.RecordMetrics;
import io.postflight.testing.ScriptedHttpServer;
import io.postflight.testing.TopologyFixture;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The real health verifier (processor, probe client, judge) with the demo's tight settings
 * (400 ms timeouts, 500 ms rounds), real HTTP targets on loopback, and {@code stress-ng} hogging
 * every core beside it: no healthy version fails (each passes, or is inconclusive because the
 * verifier was overloaded), and a version that answers 503 still fails.
 */
class HealthStarvationIT {

    @Test
    void underCpuStarvationNoHealthyVersionFailsAndABrokenOneStillDoes() throws Exception {
        assumeTrue(new File("/usr/bin/stress-ng").canExecute(), "stress-ng is not installed");
        HealthConfig config = new HealthConfig("/health/live", "/health/ready", Duration.ofMillis(500),
                Duration.ofMillis(400), 2, Duration.ofMillis(50), 8, 4, 3, Duration.ofSeconds(45),
                Duration.ofMillis(100), 2000, Duration.ofHours(2), 64, 20_000, 2, Duration.ofMillis(100), 2);
        Instant t0 = Instant.now();
        List<ScriptedHttpServer> servers = new ArrayList<>();
        Process stress = null;
        try (ProbeClient client = new ProbeClient(config)) {
            HttpHealthProbe probe = new HttpHealthProbe(config, client, new RecordMetrics(new SimpleMeterRegistry()),
                    TestConfigs.loopbackAllowed());
            HealthJudge judge = new HealthJudge(config.policy());
            try (TopologyFixture fixture = TopologyFixture.start("health-starvation", t0,
                    b -> HealthPhaseProcessor.topology().build(b, () -> new HealthPhaseProcessor(judge, probe,
                            config.probeInterval(), config.tick(), config.maxRoundsPerTick(), config.missedPhaseLookBack(), new RecordMetrics(new SimpleMeterRegistry()),
                            TestConfigs.loopbackAllowed())))) {
                TestInputTopic<String, byte[]> in = fixture.input(Topics.VERIFICATIONS);
                TestOutputTopic<String, byte[]> out = fixture.output(Topics.PHASE_RESULTS);
                stress = new ProcessBuilder("stress-ng", "--cpu", "6", "--vm", "1", "--vm-bytes", "256M",
                        "--timeout", "120s", "--quiet").inheritIO().start();
                for (String service : List.of("checkout", "inventory", "search")) {
                    in.pipeInput(service + "/prod", JsonSerde.toBytes(verification(service, t0,
                            List.of(target(servers, 200), target(servers, 200)))));
                }
                in.pipeInput("payments/prod", JsonSerde.toBytes(verification("payments", t0,
                        List.of(target(servers, 503)))));
                Map<String, PhaseResult> results = new HashMap<>();
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                long last = System.nanoTime();
                while (results.size() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    long now = System.nanoTime();
                    // The driver's wall clock follows the real one: the probes run in real time.
                    fixture.driver().advanceWallClockTime(Duration.ofNanos(now - last));
                    last = now;
                    for (TestRecord<String, byte[]> r : out.readRecordsToList()) {
                        PhaseResult p = Json.MAPPER.readValue(r.value(), PhaseResult.class);
                        results.put(p.deployment().service(), p);
                    }
                }
                System.out.println("HealthStarvationIT: " + results.values().stream()
                        .map(r -> r.deployment().service() + "=" + r.outcome() + " (" + r.summary() + ")").toList());
                assertThat(results).hasSize(4);
                for (String service : List.of("checkout", "inventory", "search")) {
                    PhaseResult r = results.get(service);
                    assertThat(r.outcome()).as(service + ": " + r.summary()).isNotEqualTo(PhaseOutcome.FAILED);
                    if (r.outcome() == PhaseOutcome.INCONCLUSIVE) {
                        assertThat(r.summary()).startsWith(HealthJudge.VERIFIER_OVERLOADED);
                    }
                }
                assertThat(results.get("payments").outcome()).isEqualTo(PhaseOutcome.FAILED);
            }
        } finally {
            if (stress != null) {
                stress.destroy();
                stress.waitFor();
            }
            servers.forEach(ScriptedHttpServer::close);
        }
    }

    private static Target target(List<ScriptedHttpServer> servers, int status) throws Exception {
        ScriptedHttpServer s = new ScriptedHttpServer().otherwise(status == 200 ? ScriptedHttpServer.Reply.ok("ok")
                : ScriptedHttpServer.Reply.status(status));
        servers.add(s);
        return new Target("i" + servers.size(), s.uri("/").toString());
    }

    private static VerificationStarted verification(String service, Instant at, List<Target> targets) {
        DeploymentRef d = new DeploymentRef("dep-" + service, service, "prod", "2.0.0", null, "1.0.0");
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, targets, List.of(Phase.HEALTH), at,
                new EventRef("ev-" + service, "/cd", "t", at));
    }
}
