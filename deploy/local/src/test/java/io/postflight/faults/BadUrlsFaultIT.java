package io.postflight.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Topics;
import io.postflight.local.DemoTarget.Behaviour;
import io.postflight.testing.KafkaTestBroker;
import io.postflight.testing.TopicReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Target URLs that pass a loose {@code ^https?://} check but name no usable endpoint, beside five
 * healthy deployments: each bad event is dead-lettered (or ends INCONCLUSIVE, never PROMOTE), and
 * every healthy deployment beside it is promoted, its verifier never crash-looping.
 */
class BadUrlsFaultIT {
    private static final List<String> BAD = List.of("http://", "http://h:abc/", "http://:80/", "http://h:99999/",
            "https://user:secret@h/");

    @Test
    void badUrlsStopNoVerificationBesideThem() throws Exception {
        try (FaultBench bench = new FaultBench(KafkaTestBroker.bootstrapServers(), "HEALTH")) {
            bench.startInProcess(List.of("gateway", "health", "decision"));
            Map<String, Integer> bad = new LinkedHashMap<>();
            for (int i = 0; i < BAD.size(); i++) {
                bad.put(bench.deployAt(bench.service("bad-url", i), "1.0", "0.9", Map.of("i-0", BAD.get(i))), 1);
            }
            Map<String, Integer> healthy = new LinkedHashMap<>();
            for (int i = 0; i < 5; i++) {
                String s = bench.service("beside-bad-url", i);
                healthy.put(bench.deploy(s, "1.0", "0.9", bench.instances(s, "1.0", Behaviour.HEALTHY, 1)), 1);
            }
            FaultBench.Observed seen = FaultBench.decisions(bench.kafka(), healthy, Duration.ofMinutes(3),
                    Duration.ofSeconds(5));
            Map<String, Integer> badDecisions = new LinkedHashMap<>();
            bad.keySet().forEach(id -> badDecisions.put(id, 0));
            FaultBench.Observed badSeen = FaultBench.decisions(bench.kafka(), badDecisions, Duration.ofSeconds(1),
                    Duration.ofSeconds(2));
            long dead;
            try (TopicReader reader = new TopicReader(bench.kafka(), Topics.DEAD_LETTER.name())) {
                dead = reader.drain(Duration.ofSeconds(3)).stream()
                        .filter(r -> bad.keySet().stream().anyMatch(id -> FaultBench.mentions(r, id)
                                || new String(r.value()).contains(id))).count();
            }
            long wrong = healthy.keySet().stream().map(seen.decisions()::get)
                    .filter(ds -> ds.size() != 1 || ds.get(0).kind() != DecisionKind.PROMOTE).count()
                    + badSeen.decisions().values().stream().filter(ds -> ds.size() > 1
                    || ds.stream().anyMatch(d -> d.kind() == DecisionKind.PROMOTE)).count();
            FaultFigures.measure("bad target URLs", healthy.size(), seen.total(), (int) wrong, -1, dead).write();

            healthy.keySet().forEach(id -> assertThat(seen.decisions().get(id)).as(id).extracting(Decision::kind)
                    .containsExactly(DecisionKind.PROMOTE));
            // Each bad event is accounted for: a dead letter, or exactly one decision that is not a PROMOTE.
            bad.keySet().forEach(id -> assertThat(badSeen.decisions().get(id)).as(id).hasSizeLessThanOrEqualTo(1)
                    .extracting(Decision::kind).doesNotContain(DecisionKind.PROMOTE));
            assertThat(dead + badSeen.total()).isEqualTo(BAD.size());
        }
    }
}
