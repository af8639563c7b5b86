package io.postflight.judge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthJudgeTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final HealthJudge judge = new HealthJudge(new HealthPolicy(3, 2, 2, Duration.ofMinutes(1)));

    private static ProbeObservation up(String i) {
        return new ProbeObservation(i, true, true, true, "live: HTTP 200, ready: HTTP 200", 3);
    }

    private static ProbeObservation notReady(String i) {
        return new ProbeObservation(i, true, false, true, "live: HTTP 200, ready: HTTP 503", 3);
    }

    private static ProbeObservation unreachable(String i) {
        return new ProbeObservation(i, false, false, false, "live: timed out after 3 attempt(s)", 2000);
    }

    @Test
    void passesOnlyAfterEveryInstanceHasTheFullRunOfHealthyProbes() {
        HealthTracker t = HealthTracker.start(T0, List.of("a", "b"));
        t = t.observe(List.of(up("a"), up("b"))).observe(List.of(up("a"), up("b")));
        assertThat(judge.judge(t, T0.plusSeconds(20)).status()).isEqualTo(JudgeStatus.WATCHING);
        t = t.observe(List.of(up("a"), notReady("b")));
        t = t.observe(List.of(up("a"), up("b"))).observe(List.of(up("a"), up("b")));
        assertThat(judge.judge(t, T0.plusSeconds(40)).status()).isEqualTo(JudgeStatus.WATCHING);
        t = t.observe(List.of(up("a"), up("b")));
        JudgeVerdict v = judge.judge(t, T0.plusSeconds(50));
        assertThat(v.status()).isEqualTo(JudgeStatus.PASSED);
        assertThat(v.summary()).contains("all 2 instances");
        assertThat(v.evidence()).extracting(e -> e.figures().get("consecutiveHealthy")).containsExactly(6.0, 3.0);
    }

    @Test
    void failsOnSustainedUnhealthinessNamingTheInstanceAndWhatWasSeen() {
        HealthTracker t = HealthTracker.start(T0, List.of("a", "b"));
        t = t.observe(List.of(up("a"), notReady("b"))).observe(List.of(up("a"), notReady("b")));
        JudgeVerdict v = judge.judge(t, T0.plusSeconds(20));
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).contains("b: live: HTTP 200, ready: HTTP 503");
        assertThat(v.evidence()).filteredOn(e -> e.breached()).extracting(e -> e.check()).containsExactly("health:b");
    }

    @Test
    void anUnreachableTargetFailsOnlyAfterItsRoundsRunOut() {
        HealthTracker t = HealthTracker.start(T0, List.of("a"));
        t = t.observe(List.of(unreachable("a")));
        assertThat(judge.judge(t, T0.plusSeconds(10)).status()).isEqualTo(JudgeStatus.WATCHING);
        t = t.observe(List.of(unreachable("a")));
        assertThat(judge.judge(t, T0.plusSeconds(20)).status()).isEqualTo(JudgeStatus.FAILED);
    }

    @Test
    void aCrashLoopFailsEvenWhileTheInstanceIsMomentarilyUp() {
        HealthTracker t = HealthTracker.start(T0, List.of("a"));
        t = t.observe(List.of(up("a"))).observe(List.of(notReady("a"))).observe(List.of(up("a")))
                .observe(List.of(notReady("a"))).observe(List.of(up("a")));
        JudgeVerdict v = judge.judge(t, T0.plusSeconds(30));
        assertThat(v.status()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).startsWith("crash loop: a");
        assertThat(v.evidence().get(0).figures().get("flaps")).isEqualTo(2.0);
    }

    @Test
    void noInstancesIsInconclusiveNeverAPass() {
        JudgeVerdict v = judge.judge(HealthTracker.start(T0, List.of()), T0);
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
    }

    @Test
    void thePhaseEndsInconclusiveWhenTheRunWasNeverCompleted() {
        HealthTracker t = HealthTracker.start(T0, List.of("a")).observe(List.of(up("a")));
        assertThat(judge.judge(t, T0.plusSeconds(59)).status()).isEqualTo(JudgeStatus.WATCHING);
        assertThat(judge.judge(t, T0.plusSeconds(60)).status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
    }
}
