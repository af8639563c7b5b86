package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Json;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the health verifier (SIGKILL: no clean shutdown, no commit) in the middle of a health
 * phase, starts a new instance with an empty state directory, and checks that the verification
 * resumes from the Kafka changelog — same start time, tallies kept — and ends in exactly one
 * decision on the bus.
 */
class HealthVerifierRestartIT {
    private final List<Process> verifiers = new ArrayList<>();
    private final List<ApplicationContext> services = new ArrayList<>();
    private DemoTarget target;

    @AfterEach
    void cleanUp() {
        verifiers.forEach(Process::destroyForcibly);
        services.forEach(ApplicationContext::close);
        if (target != null) {
            target.close();
        }
    }

    @Test
    void aVerifierKilledMidPhaseResumesOnRestartAndDecidesExactlyOnce() throws Exception {
        String kafka = KafkaTestBroker.bootstrapServers();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (String service : List.of("decision", "gateway")) {
            services.add(LocalStack.startService(service, new String[0], Map.of(
                    "postflight.kafka.bootstrap-servers", kafka,
                    "postflight.state-dir", Files.createTempDirectory("restart-it-" + service).toString(),
                    "postflight.streams." + service + ".application-id", "restart-it-" + service + "-" + run,
                    "postflight.gateway.phases", "HEALTH")));
        }
        target = new DemoTarget("restart-0", Behaviour.HEALTHY);
        String healthAppId = "restart-it-health-" + run;

        Process first = startVerifier(kafka, healthAppId, "first");
        String deploymentId;
        try (ScriptedCd cd = new ScriptedCd(kafka)) {
            deploymentId = cd.deployed("restart", "it", "1.0.0", "0.9.0", List.of(target), true);
        }
        // Wait until the first instance is well into the phase (it probes every 500 ms and needs 40
        // healthy rounds, so 20 s), then kill it without any chance to shut down cleanly.
        waitForProbes(12, Duration.ofSeconds(90));
        Thread.sleep(1500);
        Instant killedAt = Instant.now();
        first.destroyForcibly().waitFor();
        int probesBeforeKill = target.probes();

        try (TopicReader results = new TopicReader(kafka, Topics.PHASE_RESULTS.name())) {
            assertThat(results.drain(Duration.ofSeconds(2))).noneMatch(r -> mentions(r, deploymentId));
        }

        startVerifier(kafka, healthAppId, "second");
        List<ConsumerRecord<String, byte[]>> decisions;
        try (TopicReader reader = new TopicReader(kafka, Topics.DECISIONS.name())) {
            reader.until(rs -> rs.stream().anyMatch(r -> mentions(r, deploymentId)), Duration.ofSeconds(120));
            // Keep listening: a second decision would show up here.
            decisions = reader.drain(Duration.ofSeconds(8)).stream().filter(r -> mentions(r, deploymentId)).toList();
        }
        assertThat(decisions).hasSize(1);
        Decision d = Json.MAPPER.readValue(decisions.get(0).value(), Decision.class);
        assertThat(d.kind()).isEqualTo(DecisionKind.PROMOTE);

        try (TopicReader reader = new TopicReader(kafka, Topics.PHASE_RESULTS.name())) {
            List<ConsumerRecord<String, byte[]>> results = reader.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> mentions(r, deploymentId)).toList();
            assertThat(results).hasSize(1);
            PhaseResult r = Json.MAPPER.readValue(results.get(0).value(), PhaseResult.class);
            // Resumed, not restarted: the phase kept its start time from before the kill ...
            assertThat(r.startedAt()).isBefore(killedAt);
            // ... and the tallies taken before the kill (the pass needs 40 rounds in a row; had the
            // second instance started over, it would have needed 40 rounds of its own).
            int roundsAfterRestart = (target.probes() - probesBeforeKill) / 2;
            assertThat(roundsAfterRestart).isLessThan(40);
        }
    }

    private Process startVerifier(String kafka, String appId, String name) throws Exception {
        Path state = Files.createTempDirectory("health-" + name);
        Path log = Files.createTempFile("health-" + name, ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dpostflight.kafka.bootstrap-servers=" + kafka,
                "-Dpostflight.state-dir=" + state,
                "-Dpostflight.http-port=-1",
                "-Dpostflight.streams.health.application-id=" + appId,
                "-Dkafka.streams.default.session.timeout.ms=6000",
                "-Dkafka.streams.default.heartbeat.interval.ms=1000",
                "-Dkafka.streams.default.transaction.timeout.ms=8000",
                "-Dpostflight.health.probe-interval=500ms",
                "-Dpostflight.health.probe-timeout=400ms",
                "-Dpostflight.health.pass-after-consecutive-healthy=40",
                "-Dpostflight.health.tick=100ms",
                // The demo target lives on loopback, which production defaults refuse.
                "-Dpostflight.target-policy.allow-loopback=true",
                "-cp", System.getProperty("java.class.path"),
                "io.postflight.health.HealthVerifierApplication"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        verifiers.add(p);
        return p;
    }

    private void waitForProbes(int atLeast, Duration timeout) {
        await("health probes reached the target").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(target.probes()).isGreaterThanOrEqualTo(atLeast * 2));
    }

    private static boolean mentions(ConsumerRecord<String, byte[]> r, String deploymentId) {
        return new String(r.value(), StandardCharsets.UTF_8).contains("\"deploymentId\":\"" + deploymentId + "\"");
    }
}
