package io.postflight.judge.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.Evidence;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each count in {@link HealthPolicy} acts exactly at its value, not one probe earlier or later. */
class HealthJudgeBoundariesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final HealthJudge judge = new HealthJudge(new HealthPolicy(3, 2, 2, Duration.ofMinutes(1)));

    private static ProbeObservation probe(String i, boolean live, boolean ready, boolean reachable) {
        return new ProbeObservation(i, live, ready, reachable, i + (live && ready && reachable ? " ok" : " bad"), 3);
    }

    private static ProbeObservation up(String i) {
        return probe(i, true, true, true);
    }

    private static ProbeObservation down(String i) {
        return probe(i, true, false, true);
    }

    private static HealthTracker rounds(HealthTracker t, ProbeObservation... each) {
        for (ProbeObservation o : each) {
            t = t.observe(List.of(o));
        }
        return t;
    }

    @Test
    void anInstanceIsHealthyOnlyWhenReachableLiveAndReady() {
        assertThat(probe("a", true, true, true).healthy()).isTrue();
        assertThat(probe("a", false, true, true).healthy()).isFalse();
        assertThat(probe("a", true, false, true).healthy()).isFalse();
        assertThat(probe("a", true, true, false).healthy()).isFalse();
    }

    @Test
    void passesAtExactlyTheRequiredRunAndNotOneProbeBefore() {
        HealthTracker t = rounds(HealthTracker.start(T0, List.of("a")), up("a"), up("a"));
        assertThat(judge.judge(t, T0.plusSeconds(20)).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = judge.judge(rounds(t, up("a")), T0.plusSeconds(30));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(v.summary()).isEqualTo("all 1 instances live and ready for 3 consecutive probes");
        assertThat(v.evidence()).singleElement().satisfies(e -> {
            assertThat(e.breached()).isFalse();
            assertThat(e.check()).isEqualTo("health:a");
            assertThat(e.summary()).isEqualTo("a: a ok");
            assertThat(e.labels()).containsEntry("instance", "a");
            assertThat(e.figures()).containsAllEntriesOf(Map.of("rounds", 3.0, "consecutiveHealthy", 3.0,
                    "consecutiveUnhealthy", 0.0, "flaps", 0.0, "passAfterConsecutiveHealthy", 3.0,
                    "failAfterConsecutiveUnhealthy", 2.0, "crashLoopFlaps", 2.0));
        });
    }

    @Test
    void failsAtExactlyTheUnhealthyRunAndOneBadProbeIsNotEnough() {
        HealthTracker t = rounds(HealthTracker.start(T0, List.of("a")), up("a"), down("a"));
        JudgeVerdict once = judge.judge(t, T0.plusSeconds(20));
        assertThat(once.status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(once.evidence().get(0).breached()).isFalse();
        JudgeVerdict twice = judge.judge(rounds(t, down("a")), T0.plusSeconds(30));
        assertThat(twice.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(twice.summary()).isEqualTo("unhealthy for 2 consecutive probes: a: a bad");
        assertThat(twice.evidence().get(0).breached()).isTrue();
    }

    @Test
    void aCrashLoopIsCountedInHealthyToUnhealthyTransitions() {
        HealthJudge lenient = new HealthJudge(new HealthPolicy(10, 5, 2, Duration.ofMinutes(1)));
        HealthTracker t = rounds(HealthTracker.start(T0, List.of("a", "b")), down("a"), up("a"), down("a"));
        assertThat(t.instances().get("a").flaps()).isEqualTo(1); // down first is no flap
        assertThat(lenient.judge(t, T0.plusSeconds(30)).status()).isEqualTo(JudgeStatus.WATCHING);
        t = rounds(t, up("a"), down("a"));
        JudgeVerdict v = lenient.judge(t, T0.plusSeconds(50));
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).isEqualTo("crash loop: a went down 2 or more times");
        assertThat(v.evidence()).filteredOn(Evidence::breached).extracting(e -> e.labels().get("instance"))
                .containsExactly("a");
        assertThat(v.evidence().get(1).summary()).isEqualTo("b: not probed yet");
    }

    @Test
    void thePhaseEndsInconclusiveExactlyAtItsDurationAndReportsWhatIsLeft() {
        HealthTracker t = rounds(HealthTracker.start(T0, List.of("a")), up("a"));
        assertThat(judge.judge(t, T0.plusSeconds(59)).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict end = judge.judge(t, T0.plusSeconds(60));
        assertThat(end.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(end.summary()).isEqualTo(
                "phase ended after 60 s without 3 consecutive healthy probes on every instance");
        assertThat(judge.remaining(t, T0.plusSeconds(45))).isEqualTo(Duration.ofSeconds(15));
        assertThat(judge.remaining(t, T0.plusSeconds(60))).isEqualTo(Duration.ZERO);
        assertThat(judge.remaining(t, T0.plusSeconds(90))).isEqualTo(Duration.ZERO);
        assertThat(judge.policy().phaseDuration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void probesOfUnknownInstancesAreIgnoredAndRoundsCounted() {
        HealthTracker t = HealthTracker.start(T0, List.of("a")).observe(List.of(up("z"), up("a")));
        assertThat(t.rounds()).isEqualTo(1);
        assertThat(t.instances()).containsOnlyKeys("a");
        assertThat(new HealthTracker(T0, 0, null).instances()).isEmpty();
    }

    @Test
    void policyCountsBelowOneAreRejected() {
        Duration m = Duration.ofMinutes(1);
        assertThatThrownBy(() -> new HealthPolicy(0, 1, 1, m)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthPolicy(1, 0, 1, m)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthPolicy(1, 1, 0, m)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HealthPolicy(1, 1, 1, m).crashLoopFlaps()).isEqualTo(1);
        assertThat(HealthPolicy.defaults()).isEqualTo(new HealthPolicy(18, 3, 3, Duration.ofMinutes(5)));
    }
}
