package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.judge.drift.DriftResource.Aggregate;
import org.junit.jupiter.api.Test;

class BlockSeriesTest {

    @Test
    void minimumPerBlockIsTheFloorUnderAGcSawTooth() {
        // 60 s samples, 4-minute saw-tooth 100,130,160,190 on a level rising by 1 per block
        double[] s = new double[16];
        for (int i = 0; i < 16; i++) {
            s[i] = 100 + 30 * (i % 4) + i / 8;
        }
        double[] b = BlockSeries.aggregate(s, 0, 60, 0, 480, 2, Aggregate.MIN, 0.5);
        assertThat(b).containsExactly(100, 101);
        assertThat(BlockSeries.aggregate(s, 0, 60, 0, 480, 2, Aggregate.MAX, 0.5)).containsExactly(190, 191);
        assertThat(BlockSeries.aggregate(s, 0, 60, 0, 480, 2, Aggregate.MEDIAN, 0.5)).containsExactly(145, 146);
    }

    @Test
    void blocksAreAlignedToTheirOwnOriginNotToTheSamples() {
        double[] s = {1, 2, 3, 4, 5, 6};
        // samples at 1000,1060,...,1300; blocks from 1030 of 120 s: [1030,1150) holds 1060,1120
        double[] b = BlockSeries.aggregate(s, 1000, 60, 1030, 120, 3, Aggregate.MIN, 0.5);
        assertThat(b).containsExactly(2, 4, 6);
    }

    @Test
    void aBlockWithTooFewSamplesIsNaN() {
        double[] s = {5, Double.NaN, Double.NaN, Double.NaN, 7, 8, Double.NaN, 9};
        double[] b = BlockSeries.aggregate(s, 0, 60, 0, 240, 3, Aggregate.MIN, 0.5);
        assertThat(b[0]).isNaN();
        assertThat(b[1]).isEqualTo(7);
        assertThat(b[2]).isNaN(); // no samples at all past the data
    }

    @Test
    void blocksBeforeTheSamplesStartAreNaN() {
        double[] b = BlockSeries.aggregate(new double[] {1, 2}, 600, 60, 0, 300, 2, Aggregate.MIN, 0.5);
        assertThat(b[0]).isNaN();
        assertThat(b[1]).isNaN();
        assertThat(BlockSeries.aggregate(new double[0], 0, 60, 0, 300, 0, Aggregate.MIN, 0.5)).isEmpty();
    }
    @Test
    void blocksOfOneStepHoldOneSampleEach() {
        double[] s = {4, 3, 5};
        assertThat(BlockSeries.aggregate(s, 0, 60, 0, 60, 3, Aggregate.MAX, 0.5)).containsExactly(4, 3, 5);
        assertThat(BlockSeries.aggregate(s, 0, 60, 0, 30, 3, Aggregate.MIN, 0.5)[0]).isEqualTo(4);
    }

    @Test
    void theMaximumOfAShortBlockIgnoresTheLongerBlockBeforeIt() {
        // block 0 holds 1, 2, 3, 100; block 1 only 5, 6, 7: its maximum is 7, not block 0's 100
        double[] s = {1, 2, 3, 100, 5, 6, 7, Double.NaN};
        assertThat(BlockSeries.aggregate(s, 0, 60, 0, 240, 2, Aggregate.MAX, 0.5)).containsExactly(100, 7);
        assertThat(BlockSeries.aggregate(s, 0, 60, 0, 240, 2, Aggregate.MIN, 0.5)).containsExactly(1, 5);
    }

    @Test
    void anEmptyBlockIsNaNEvenWithoutACoverageRequirement() {
        double[] s = {1, Double.NaN, Double.NaN, Double.NaN};
        double[] b = BlockSeries.aggregate(s, 0, 60, 0, 120, 2, Aggregate.MIN, 0.0);
        assertThat(b[0]).isEqualTo(1);
        assertThat(b[1]).isNaN();
    }
}
