package io.postflight.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.backtest.BacktestVerdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccuracyScoreTest {

    private static Truth good(String id, String family) {
        return new Truth(id, "canary", family, "promote", null);
    }

    private static Truth bad(String id, long onset) {
        return new Truth(id, "canary", "late", "rollback", onset);
    }

    private static BacktestVerdict v(String id, String decision, long at) {
        return new BacktestVerdict(id, decision, at, List.of());
    }

    @Test
    void ratesAndTimesAreComputedAsScorePyDoes() {
        List<Truth> truths = List.of(good("g1", "same"), good("g2", "same"), good("g3", "blip"), good("g4", "blip"),
                bad("b1", 100), bad("b2", 0), bad("b3", 50), bad("b4", 0), bad("b5", 0));
        Map<String, BacktestVerdict> verdicts = Map.of(
                "g1", v("g1", "promote", 1800), "g2", v("g2", "rollback", 60), "g3", v("g3", "inconclusive", 1800),
                "b1", v("b1", "rollback", 160), "b2", v("b2", "rollback", 90), "b3", v("b3", "rollback", 80),
                "b4", v("b4", "promote", 1800), "b5", v("b5", "inconclusive", 1800));
        AccuracyScore s = AccuracyScore.of(truths, verdicts);
        assertThat(s.good()).isEqualTo(4);
        assertThat(s.falseRollbackRate()).isEqualTo(0.25);
        // g3 inconclusive and g4 missing: neither promoted nor rolled back.
        assertThat(s.goodInconclusiveRate()).isEqualTo(0.5);
        assertThat(s.detectionRate()).isEqualTo(0.6);
        assertThat(s.missedRate()).isEqualTo(0.2);
        assertThat(s.badInconclusiveRate()).isEqualTo(0.2);
        // Times to detect 60, 90, 30 -> sorted 30, 60, 90: median 60, p90 index int(0.9*2) = 1 -> 60.
        assertThat(s.detectSeconds()).containsExactly(30L, 60L, 90L);
        assertThat(s.medianDetectSeconds()).isEqualTo(60.0);
        assertThat(s.p90DetectSeconds()).isEqualTo(60.0);
        assertThat(s.families().get("same")).isEqualTo(new AccuracyScore.Family(1, 2, List.of()));
        assertThat(s.families().get("late").right()).isEqualTo(3);
        assertThat(s.families().get("late").total()).isEqualTo(5);
        assertThat(s.families().get("late").medianDetectSeconds()).isEqualTo(60.0);
    }

    @Test
    void evenCountMedianAveragesAndNothingDetectedIsNaN() {
        AccuracyScore two = AccuracyScore.of(List.of(bad("a", 0), bad("b", 0)),
                Map.of("a", v("a", "rollback", 10), "b", v("b", "rollback", 31)));
        assertThat(two.medianDetectSeconds()).isEqualTo(20.5);
        AccuracyScore none = AccuracyScore.of(List.of(bad("a", 0)), Map.of());
        assertThat(none.medianDetectSeconds()).isNaN();
        assertThat(none.detectionRate()).isZero();
    }
}
