package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuantitiesTest {
    private static final double MIB = 1024.0 * 1024.0;

    @Test
    void bytesReadLikeAnEngineerWritesThem() {
        assertThat(Quantities.bytes(2048 * MIB)).isEqualTo("2 GiB");
        assertThat(Quantities.bytes(1536 * MIB)).isEqualTo("1.5 GiB");
        assertThat(Quantities.bytes(38.4 * MIB)).isEqualTo("38 MiB");
        assertThat(Quantities.bytes(7.46 * MIB)).isEqualTo("7.5 MiB");
        assertThat(Quantities.bytes(512 * 1024)).isEqualTo("512 KiB");
        assertThat(Quantities.bytes(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void ratesCarryTheirSign() {
        assertThat(DriftResource.MEMORY.formatRate(38 * MIB)).isEqualTo("+38 MiB/h");
        assertThat(DriftResource.DISK.formatRate(-1.8 * MIB)).isEqualTo("-1.8 MiB/h");
        assertThat(DriftResource.CPU.formatRate(0.042)).isEqualTo("+0.0420 cores/h");
    }

    @Test
    void timeToLimitIsRoundedToWhatMatters() {
        assertThat("limit " + Quantities.bytes(2048 * MIB) + " " + Quantities.within(9.2))
                .isEqualTo("limit 2 GiB in about 9 h");
        assertThat(Quantities.within(0.4)).isEqualTo("in under 1 h");
        assertThat(Quantities.within(100)).isEqualTo("in about 4 days");
        assertThat(Quantities.within(Double.POSITIVE_INFINITY)).isEqualTo("not within a month at this rate");
    }

    @Test
    void aWindowOfMinutesIsSaidInMinutesAndALongerOneInHours() {
        assertThat(Quantities.span(0.05, 0.2)).isEqualTo("minutes 3-12");
        assertThat(Quantities.span(2.5, 5.33)).isEqualTo("hours 2.5-5.3");
        assertThat(Quantities.elapsed(36)).isEqualTo("36 s");
        assertThat(Quantities.elapsed(720)).isEqualTo("12 min");
        assertThat(Quantities.elapsed(7200)).isEqualTo("2 h");
        assertThat(Quantities.elapsed(33_300)).isEqualTo("9.25 h");
    }
}
