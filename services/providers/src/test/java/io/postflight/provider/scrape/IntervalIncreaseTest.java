package io.postflight.provider.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IntervalIncreaseTest {

    private static InstanceReading reading(long atMillis, double start, double ok, double failed, double cpu) {
        return new InstanceReading(atMillis, start,
                Map.of("req{status=200}", ok, "req{status=500}", failed),
                Map.of("req{status=500}", failed),
                Map.of(100.0, Map.of("b{}", ok / 2), Double.POSITIVE_INFINITY, Map.of("b{}", ok + failed)),
                cpu, 1e9, Double.NaN);
    }

    @Test
    void firstReadingGivesGaugesButNoTraffic() {
        IntervalIncrease first = IntervalIncrease.between("i", null, reading(1_000, 50, 10, 1, 3));

        assertThat(first.hasTraffic()).isFalse();
        assertThat(first.requests()).isZero();
        assertThat(first.memoryBytes()).isEqualTo(1e9);
        assertThat(first.cpuCores()).isNaN();
    }

    @Test
    void countsDifferencesBetweenReadings() {
        IntervalIncrease step = IntervalIncrease.between("i", reading(0, 50, 100, 4, 10.0),
                reading(10_000, 50, 130, 6, 15.0));

        assertThat(step.hasTraffic()).isTrue();
        assertThat(step.seconds()).isEqualTo(10.0);
        assertThat(step.requests()).isEqualTo(32.0);
        assertThat(step.errors()).isEqualTo(2.0);
        assertThat(step.cumulativeBucketsByLeMillis()).containsEntry(100.0, 15.0)
                .containsEntry(Double.POSITIVE_INFINITY, 32.0);
        assertThat(step.cpuCores()).isCloseTo(0.5, within(1e-9));
        assertThat(step.restarted()).isFalse();
    }

    @Test
    void counterLowerThanBeforeWasResetAndCountsFromZero() {
        // The 200 series went from 100 to 7: reset, so 7 requests; the 500 series grew by 1.
        IntervalIncrease step = IntervalIncrease.between("i", reading(0, Double.NaN, 100, 4, 10.0),
                reading(10_000, Double.NaN, 7, 5, 2.0));

        assertThat(step.requests()).isEqualTo(8.0);
        assertThat(step.errors()).isEqualTo(1.0);
        assertThat(step.cpuCores()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void changedProcessStartMeansEveryCounterRestarted() {
        // Counters climbed above their old values after a restart: only the start time tells.
        IntervalIncrease step = IntervalIncrease.between("i", reading(0, 50, 100, 4, 10.0),
                reading(10_000, 60, 120, 5, 12.0));

        assertThat(step.restarted()).isTrue();
        assertThat(step.requests()).isEqualTo(125.0);
        assertThat(step.errors()).isEqualTo(5.0);
        assertThat(step.cpuCores()).isCloseTo(1.2, within(1e-9));
    }

    @Test
    void seriesThatAppearsBetweenReadingsCountsInFull() {
        InstanceReading before = new InstanceReading(0, 1, Map.of("req{status=200}", 10.0), Map.of(), Map.of(),
                Double.NaN, Double.NaN, Double.NaN);
        InstanceReading after = new InstanceReading(5_000, 1, Map.of("req{status=200}", 12.0, "req{status=503}", 3.0),
                Map.of("req{status=503}", 3.0), Map.of(), Double.NaN, Double.NaN, Double.NaN);

        IntervalIncrease step = IntervalIncrease.between("i", before, after);

        assertThat(step.requests()).isEqualTo(5.0);
        assertThat(step.errors()).isEqualTo(3.0);
        assertThat(step.cpuCores()).isNaN();
    }
}
