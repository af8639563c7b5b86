package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReclaimedGrowthTest {

    @Test
    void rotationDropsAreTakenOutAndTheGrowthBetweenThemKept() {
        // grows 10 a step, rotated back to 1000 every 5 steps
        double[] disk = {1000, 1010, 1020, 1030, 1040, 1000, 1010, 1020, 1030, 1040, 1000, 1010};
        double[] g = ReclaimedGrowth.cumulative(disk);
        assertThat(g).containsExactly(0, 10, 20, 30, 40, 40, 50, 60, 70, 80, 80, 90);
    }

    @Test
    void withoutDropsTheGrowthIsTheLevelMinusTheFirstSample() {
        double[] disk = new double[100];
        Random rnd = new Random(3);
        for (int i = 0; i < disk.length; i++) {
            disk[i] = 5000 + 2.0 * i + 0.1 * rnd.nextGaussian();
        }
        double[] g = ReclaimedGrowth.cumulative(disk);
        for (int i = 0; i < disk.length; i++) {
            assertThat(g[i]).isCloseTo(disk[i] - disk[0], within(1e-9));
        }
    }

    @Test
    void jitterDownwardsIsNotMistakenForReclaimedSpace() {
        double[] disk = {4000, 4000.3, 3999.8, 4000.1, 3999.6, 4000.2, 4000.0};
        double threshold = ReclaimedGrowth.dropThreshold(disk);
        // increments' median 0.05, their median absolute deviation 0.4: 10 x 1.4826 x 0.4 beats 0.1 % of 4000
        assertThat(threshold).isCloseTo(5.9304, within(1e-9));
        assertThat(ReclaimedGrowth.cumulative(disk)[6]).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void onAQuietDiskTheLevelSetsTheThreshold() {
        double[] disk = {4000, 4000, 4000, 4000, 3999, 4000, 4000};
        assertThat(ReclaimedGrowth.dropThreshold(disk)).isEqualTo(4.0);
        // a 50-unit clean-up on that quiet disk is reclaimed space
        double[] g = ReclaimedGrowth.cumulative(new double[] {4000, 4000, 4001, 3951, 3951, 3952});
        assertThat(g).containsExactly(0, 0, 1, 1, 1, 2);
    }

    @Test
    void gapsAreBridgedAndStayNaN() {
        double[] disk = {100, Double.NaN, 120, 130, Double.NaN};
        double[] g = ReclaimedGrowth.cumulative(disk);
        assertThat(g[0]).isZero();
        assertThat(g[1]).isNaN();
        assertThat(g[2]).isEqualTo(20);
        assertThat(g[3]).isEqualTo(30);
        assertThat(g[4]).isNaN();
        assertThat(ReclaimedGrowth.cumulative(new double[] {Double.NaN})).containsExactly(Double.NaN);
    }
    @Test
    void aDecreaseOfExactlyTheThresholdIsStillJitter() {
        // steps of +1 and -1 around 1000: no spread in the steps, so the threshold is 0.1 % of the level, 1.0
        double[] s = {998, 999, 1000, 999, 1000, 1001, 1000};
        assertThat(ReclaimedGrowth.dropThreshold(s)).isEqualTo(1.0);
        assertThat(ReclaimedGrowth.cumulative(s)).containsExactly(0, 1, 2, 1, 2, 3, 2);
    }

    @Test
    void twoSamplesAreEnoughToTellADrop() {
        assertThat(ReclaimedGrowth.cumulative(new double[] {1000, 500})).containsExactly(0, 0);
        assertThat(ReclaimedGrowth.dropThreshold(new double[] {1000, Double.NaN})).isEqualTo(Double.POSITIVE_INFINITY);
    }
}
