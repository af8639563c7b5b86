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
        assertThat(DriftResource.MEMORY.formatRate(0)).isEqualTo("+0 KiB/h"); // no growth is not a fall
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
    @Test
    void eachUnitStartsAtExactlyOneOfItself() {
        assertThat(Quantities.bytes(1024 * MIB)).isEqualTo("1 GiB");
        assertThat(Quantities.bytes(1024 * MIB - 1024)).isEqualTo("1024 MiB");
        assertThat(Quantities.bytes(MIB)).isEqualTo("1 MiB");
        assertThat(Quantities.bytes(MIB - 1024)).isEqualTo("1023 KiB");
        assertThat(Quantities.bytes(-3 * MIB)).isEqualTo("-3 MiB"); // a falling rate keeps the unit of its size
        assertThat(Quantities.bytes(Double.POSITIVE_INFINITY)).isEqualTo("n/a");
    }

    @Test
    void tenAndAboveIsRoundedAndAlmostWholeValuesLoseTheirDecimal() {
        assertThat(Quantities.bytes(9.96 * MIB)).isEqualTo("10 MiB"); // within 0.05 of 10
        assertThat(Quantities.bytes(10.4 * MIB)).isEqualTo("10 MiB");
        assertThat(Quantities.bytes(9.94 * MIB)).isEqualTo("9.9 MiB");
        assertThat(Quantities.bytes(3.04 * MIB)).isEqualTo("3 MiB");
        assertThat(Quantities.bytes(3.06 * MIB)).isEqualTo("3.1 MiB");
        assertThat(Quantities.bytes(-2.96 * MIB)).isEqualTo("-3 MiB");
        assertThat(Quantities.bytes(-12.4 * MIB)).isEqualTo("-12 MiB");
        // exactly 0.05 from a whole number is not close enough to drop the decimal
        assertThat(Quantities.bytes(0.05 * 1024)).isEqualTo("0.1 KiB");
    }

    @Test
    void coresKeepFourDecimalsBelowOneCore() {
        assertThat(Quantities.cores(1.0)).isEqualTo("1.00 cores");
        assertThat(Quantities.cores(0.99994)).isEqualTo("0.9999 cores");
        assertThat(Quantities.cores(-1.5)).isEqualTo("-1.50 cores");
        assertThat(Quantities.cores(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void theLimitTimeSwitchesUnitsAtOneHourThreeDaysAndAMonth() {
        assertThat(Quantities.within(1.0)).isEqualTo("in about 1 h");
        assertThat(Quantities.within(0.999)).isEqualTo("in under 1 h");
        assertThat(Quantities.within(71.9)).isEqualTo("in about 72 h");
        assertThat(Quantities.within(72)).isEqualTo("in about 3 days");
        assertThat(Quantities.within(719.9)).isEqualTo("in about 30 days");
        assertThat(Quantities.within(720)).isEqualTo("not within a month at this rate");
        assertThat(Quantities.within(Double.NaN)).isEqualTo("not within a month at this rate");
    }

    @Test
    void aWindowEndingAtTwoHoursIsSaidInHours() {
        assertThat(Quantities.span(0.5, 2.0)).isEqualTo("hours 0.5-2.0");
        assertThat(Quantities.span(0.5, 1.99)).isEqualTo("minutes 30-119");
        assertThat(Quantities.elapsed(7199)).isEqualTo("119 min 59 s");
        assertThat(Quantities.elapsed(10_800)).isEqualTo("3 h");
        assertThat(Quantities.elapsed(10_801)).isEqualTo("3.00 h");
        assertThat(Quantities.fixed(2.345, 1)).isEqualTo("2.3");
    }
}
