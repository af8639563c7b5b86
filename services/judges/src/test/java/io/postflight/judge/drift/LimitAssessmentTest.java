package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.drift.LimitAssessment.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which outcomes fail the phase, and which only forbid a pass. */
class LimitAssessmentTest {

    private static LimitAssessment of(Outcome o) {
        return new LimitAssessment(o, 1, 0.95, 1, 1, 1, 1, 0, 1, null, 1, 1, 4);
    }

    @Test
    void onlyAtOrHeadingForTheLimitIsABreach() {
        assertThat(of(Outcome.AT_LIMIT).breached()).isTrue();
        assertThat(of(Outcome.HEADING_FOR_LIMIT).breached()).isTrue();
        for (Outcome o : List.of(Outcome.NOT_MEASURED, Outcome.CLEAR, Outcome.NOT_ESTABLISHED, Outcome.AS_PREVIOUS)) {
            assertThat(of(o).breached()).as(o.name()).isFalse();
        }
    }

    @Test
    void aBreachOrAnUnestablishedProjectionSpeaksOfTheLimitWithinTheHorizon() {
        assertThat(of(Outcome.AT_LIMIT).limitWithinHorizon()).isTrue();
        assertThat(of(Outcome.HEADING_FOR_LIMIT).limitWithinHorizon()).isTrue();
        assertThat(of(Outcome.NOT_ESTABLISHED).limitWithinHorizon()).isTrue();
        for (Outcome o : List.of(Outcome.NOT_MEASURED, Outcome.CLEAR, Outcome.AS_PREVIOUS)) {
            assertThat(of(o).limitWithinHorizon()).as(o.name()).isFalse();
        }
    }

    @Test
    void notMeasuredKeepsTheRulesAndTheLimitButNoFigures() {
        MemoryLimitPolicy p = new MemoryLimitPolicy(0.9, Duration.ofMinutes(90), Duration.ofMinutes(150), List.of());
        LimitAssessment a = LimitAssessment.notMeasured(1000, p);
        assertThat(a.outcome()).isEqualTo(Outcome.NOT_MEASURED);
        assertThat(a.limitBytes()).isEqualTo(1000);
        assertThat(a.share()).isEqualTo(0.9);
        assertThat(a.sustainHours()).isEqualTo(1.5);
        assertThat(a.horizonHours()).isEqualTo(2.5);
        assertThat(a.slope()).isNull();
        assertThat(List.of(a.sustainedFloor(), a.previousFloor(), a.peakBytes(), a.windowStartHours(),
                a.windowEndHours(), a.hoursToLimit(), a.hoursToLimitSlowest())).allMatch(v -> v.isNaN());
    }
}
