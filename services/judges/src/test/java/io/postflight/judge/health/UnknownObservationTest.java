package io.postflight.judge.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probes the verifier could not run say nothing about the instance: never a failure, never a pass. */
class UnknownObservationTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final HealthJudge judge = new HealthJudge(new HealthPolicy(3, 2, 2, Duration.ofMinutes(1)));

    private static ProbeObservation up(String i) {
        return new ProbeObservation(i, true, true, true, "live: HTTP 200, ready: HTTP 200", 3);
    }

    private static ProbeObservation notProbed(String i) {
        return ProbeObservation.unknown(i, "not probed: verifier overloaded (probe queue full)", 0);
    }

    @Test
    void anUnknownObservationIsNeitherHealthyNorUnhealthy() {
        ProbeObservation o = notProbed("a");
        assertThat(o.unknown()).isTrue();
        assertThat(o.healthy()).isFalse();
        InstanceHealth i = InstanceHealth.fresh("a").observe(up("a")).observe(o);
        assertThat(i.consecutiveHealthy()).isEqualTo(1);
        assertThat(i.consecutiveUnhealthy()).isZero();
        assertThat(i.flaps()).isZero();
        assertThat(i.unknownRounds()).isEqualTo(1);
        assertThat(i.knownRounds()).isEqualTo(1);
        assertThat(i.lastHealthy()).isTrue();
    }

    @Test
    void roundsTheVerifierCouldNotRunNeverFailThePhase() {
        HealthTracker t = HealthTracker.start(T0, List.of("a"));
        for (int round = 0; round < 5; round++) {
            t = t.observe(List.of(notProbed("a")));
        }
        assertThat(judge.judge(t, T0.plusSeconds(50)).status()).isEqualTo(JudgeStatus.WATCHING);
    }

    @Test
    void unknownRoundsBetweenHealthyOnesDoNotBreakTheRun() {
        HealthTracker t = HealthTracker.start(T0, List.of("a"));
        t = t.observe(List.of(up("a"))).observe(List.of(notProbed("a"))).observe(List.of(up("a")))
                .observe(List.of(notProbed("a"))).observe(List.of(up("a")));
        assertThat(judge.judge(t, T0.plusSeconds(50)).status()).isEqualTo(JudgeStatus.PASSED);
    }

    @Test
    void tooFewKnownRoundsAtTheEndIsInconclusiveBecauseTheVerifierWasOverloaded() {
        HealthTracker t = HealthTracker.start(T0, List.of("a", "b"));
        t = t.observe(List.of(up("a"), notProbed("b"))).observe(List.of(notProbed("a"), notProbed("b")));
        assertThat(judge.judge(t, T0.plusSeconds(30)).status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict v = judge.judge(t, T0.plusSeconds(60));
        assertThat(v.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(v.summary()).startsWith(HealthJudge.VERIFIER_OVERLOADED);
        assertThat(v.evidence()).extracting(e -> e.figures().get("unknownRounds")).containsExactly(1.0, 2.0);
    }

    @Test
    void aRealFailureStillFailsAmidUnknownRounds() {
        ProbeObservation down = new ProbeObservation("a", true, false, true, "live: HTTP 200, ready: HTTP 503", 3);
        HealthTracker t = HealthTracker.start(T0, List.of("a"));
        t = t.observe(List.of(down)).observe(List.of(notProbed("a"))).observe(List.of(down));
        assertThat(judge.judge(t, T0.plusSeconds(30)).status()).isEqualTo(JudgeStatus.FAILED);
    }
}
