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
}
