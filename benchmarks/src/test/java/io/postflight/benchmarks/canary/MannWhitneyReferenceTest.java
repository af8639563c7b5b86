package io.postflight.benchmarks.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.backtest.BacktestVerdict;
import org.junit.jupiter.api.Test;

class MannWhitneyReferenceTest {

    private final MannWhitneyReference reference = new MannWhitneyReference();

    @Test
    void clearlyHigherValuesAreHigh() {
        double[] control = {1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2};
        double[] experiment = {5, 6, 7, 6, 5, 6, 7, 6, 5, 6, 7, 6};
        assertThat(MannWhitneyReference.classify("m", experiment, control)).startsWith("m High");
        assertThat(MannWhitneyReference.classify("m", control, experiment)).isNull();
    }

    @Test
    void identicalOrEmptySamplesPass() {
        double[] zeros = new double[20];
        assertThat(MannWhitneyReference.classify("m", zeros, zeros)).isNull();
        assertThat(MannWhitneyReference.classify("m", new double[0], zeros)).isNull();
    }

    @Test
    void theSameValuesInAnotherOrderPass() {
        // Same multiset of values, shuffled in time: estimate 0, interval around 0, not High.
        double[] control = new double[40];
        double[] shuffled = new double[40];
        for (int i = 0; i < 40; i++) {
            control[i] = 100 + (i % 10);
            shuffled[i] = 100 + ((i + 3) % 10);
        }
        assertThat(MannWhitneyReference.classify("m", shuffled, control)).isNull();
    }

    @Test
    void rollsBackAtTheFirstIntervalWhereAMetricIsHigh() {
        Scenarios.Step healthy = Scenarios.Step.of(100, 1, 90, 10, 0, 0);
        Scenarios.Step failing = Scenarios.Step.of(100, 30, 90, 10, 0, 0);
        BacktestVerdict early = reference.replay(Scenarios.canary(i -> failing, i -> healthy, null));
        assertThat(early.decision()).isEqualTo("rollback");
        assertThat(early.decidedAtSeconds()).isEqualTo(60);
        assertThat(early.reasons().get(0)).startsWith("error-rate High").endsWith("vs previous window");
        BacktestVerdict ok = reference.replay(Scenarios.canary(i -> healthy, i -> healthy, i -> healthy));
        assertThat(ok.decision()).isEqualTo("promote");
        assertThat(ok.decidedAtSeconds()).isEqualTo(1800);
    }

    @Test
    void aLateOnsetWaitsUntilFailingStepsMoveTheMedianDifference() {
        // Kayenta compares everything since the deployment: a failure from minute 10 on moves the
        // Hodges-Lehmann estimate only once most candidate steps are failing (step 80, 1200 s), and
        // the interval clears 25 % of it later still.
        Scenarios.Step healthy = Scenarios.Step.of(100, 1, 90, 10, 0, 0);
        Scenarios.Step failing = Scenarios.Step.of(100, 30, 90, 10, 0, 0);
        BacktestVerdict v = reference.replay(Scenarios.canary(i -> i >= 40 ? failing : healthy, i -> healthy, null));
        assertThat(v.decision()).isEqualTo("rollback");
        assertThat(v.decidedAtSeconds()).isGreaterThan(1200).isLessThan(1800);
    }
}
