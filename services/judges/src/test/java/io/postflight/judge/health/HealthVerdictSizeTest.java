package io.postflight.judge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Evidence;
import io.postflight.contracts.Json;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A verdict stays small whatever the number of targets: 1000 instances with 195-character names
 * once made a health phase result of 1.1 MB, above what Kafka accepts, and it was never written.
 */
class HealthVerdictSizeTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void aThousandLongNamedInstancesGiveAVerdictFarBelowARecordsLimit() throws Exception {
        HealthPolicy policy = new HealthPolicy(3, 2, 3, Duration.ofMinutes(5));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            names.add("x".repeat(191) + String.format("%04d", i));
        }
        HealthTracker tracker = HealthTracker.start(T0, names);
        for (int round = 0; round < 2; round++) {
            List<ProbeObservation> obs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                boolean healthy = i % 100 != 7; // ten instances unhealthy
                obs.add(new ProbeObservation(names.get(i), healthy, healthy, true,
                        healthy ? "live: HTTP 200, ready: HTTP 200" : "live: HTTP 200, ready: HTTP 503", 3));
            }
            tracker = tracker.observe(obs);
        }
        JudgeVerdict v = new HealthJudge(policy).judge(tracker, T0.plusSeconds(20));

        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.evidence()).hasSize(HealthJudge.MAX_LISTED_INSTANCES + 1);
        // Every breaching instance is listed before any healthy one.
        assertThat(v.evidence().subList(0, 10)).allMatch(Evidence::breached);
        Evidence rest = v.evidence().get(v.evidence().size() - 1);
        assertThat(rest.check()).isEqualTo("health:not-listed");
        assertThat(rest.figures()).containsEntry("notListed", 975.0).containsEntry("notListedBreached", 0.0);
        assertThat(v.summary()).hasSizeLessThan(5_000);
        assertThat(Json.MAPPER.writeValueAsBytes(v.evidence()).length).isLessThan(100_000);
    }

    @Test
    void aFewInstancesAreAllListed() {
        HealthPolicy policy = new HealthPolicy(3, 2, 3, Duration.ofMinutes(5));
        HealthTracker tracker = HealthTracker.start(T0, List.of("a", "b"));
        JudgeVerdict v = new HealthJudge(policy).judge(tracker, T0);
        assertThat(v.evidence()).extracting(Evidence::check).containsExactly("health:a", "health:b");
    }
}
