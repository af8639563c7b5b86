package io.postflight.judge.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.Test;

class MannKendallTest {

    /**
     * Monthly rainfall at Bogra, 1981-2010, the data set of pyMannKendall's own test suite
     * ({@code tests/data/Monthly Rainfall.csv}, column 3; empty cells are NaN). Many ties (dry
     * months) and a strong seasonal autocorrelation.
     */
    static final String BOGRA = """
            32,20,25,189,240,193,379,278,301,0,0,82
            0,4,,,121,234,360,262,120,30,11,1
            7,3,31,31,355,102,248,274,308,,5,26
            11,16,6,48,388,539,431,272,404,186,0,2
            0,4,1,54,272,459,235,164,365,135,2,
            ,4,0,128,210,163,446,225,462,467,19,13
            0,3,17,132,178,338,525,623,145,31,19,3
            0,29,25,87,259,756,486,180,292,43,92,1
            0,16,2,0,130,253,594,111,273,30,0,4
            0,27,24,41,292,378,499,265,320,227,4,0
            4,14,8,48,416,240,404,207,733,105,0,112
            0,14,0,30,140,202,289,159,424,106,3,0
            65,3,14,58,268,466,432,266,240,95,1,0
            10,26,4,114,94,289,173,208,263,156,5,0
            16,16,14,0,111,475,534,432,471,117,70,1
            3,28,7,401,184,283,338,171,335,176,0,0
            10,11,9,140,102,208,298,245,220,29,2,27
            10,13,26,84,143,367,749,563,283,353,10,0
            0,0,0,9,246,265,343,429,168,133,17,0
            18,35,76,158,272,250,190,289,466,84,0,0
            0,0,0,22,217,299,185,115,344,203,8,
            ,0,5,284,123,254,476,496,326,27,20,0
            4,53,72,113,214,364,219,220,156,264,0,13
            0,0,45,90,137,638,529,261,206,251,0,0
            5,9,58,72,138,130,471,328,356,523,0,1
            0,0,12,143,193,184,192,138,174,69,1,0
            0,18,25,28,92,732,320,256,302,131,15,0
            27,0,22,20,213,393,474,374,109,159,0,0
            0,3,3,49,205,128,194,570,169,89,0,0
            0,0,0,26,185,286,92,225,244,190,3,20
            """;

    /** pyMannKendall skips NaN and then indexes the remaining values 1..n. */
    static double[][] bograSkippingGaps() {
        double[] all = Arrays.stream(BOGRA.split("\\R"))
                .flatMap(line -> Arrays.stream(line.split(",", -1)))
                .mapToDouble(f -> f.isBlank() ? Double.NaN : Double.parseDouble(f.strip())).toArray();
        double[] y = Arrays.stream(all).filter(Double::isFinite).toArray();
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return new double[][] {x, y};
    }

    @Test
    void reproducesPyMannKendallOriginalTestOnBograRainfall() {
        double[][] d = bograSkippingGaps();
        assertThat(d[1]).hasSize(353);
        MannKendall.Result r = MannKendall.test(d[0], d[1]);
        assertThat(r.n()).isEqualTo(353);
        assertThat(r.s()).isEqualTo(-1959.0);
        assertThat(r.variance()).isCloseTo(4889800.333333333, within(1e-6));
        assertThat(r.z()).isCloseTo(-0.8854562842589916, within(1e-12));
        // Z is negative: the two-sided p-value is twice the lower tail, 1 - pUpper.
        assertThat(2 * (1 - r.pUpper())).isCloseTo(0.37591058740506833, within(1e-12));
        assertThat(TheilSen.slope(d[0], d[1])).isCloseTo(-0.0064516129032258064, within(1e-15));
    }

    @Test
    void reproducesPyMannKendallHamedRaoVarianceOnBograRainfall() {
        double[][] d = bograSkippingGaps();
        double sen = TheilSen.slope(d[0], d[1]);
        MannKendall.Result r = MannKendall.testCorrected(d[0], d[1], sen);
        // pyMannKendall: var_s 257403.38678462413, z -3.859273515045842 (its factor is below 1)
        assertThat(r.variance() * r.autocorrelationFactor()).isCloseTo(257403.38678462413, within(1e-6));
        assertThat((r.s() + 1) / Math.sqrt(r.variance() * r.autocorrelationFactor()))
                .isCloseTo(-3.859273515045842, within(1e-10));
        // Postflight never lets the correction shrink the variance
        assertThat(r.appliedFactor()).isEqualTo(1.0);
        assertThat(r.correctedVariance()).isEqualTo(r.variance());
        assertThat(r.z()).isCloseTo(-0.8854562842589916, within(1e-12));
    }

    /**
     * Water quality (DS) against discharge, pyMannKendall's partial-test data set
     * ({@code tests/data/Water Quality.csv}); rows with a missing value are skipped.
     */
    static final double[][] WATER_QUALITY = {
        {490, 458}, {540, 469}, {220, 4630}, {390, 321}, {450, 541}, {230, 1640}, {360, 1060}, {460, 264},
        {430, 665}, {430, 680}, {620, 650}, {460, Double.NaN}, {450, 380}, {580, 325}, {350, 1020}, {440, 460},
        {530, 583}, {380, 777}, {440, 1230}, {430, 565}, {680, 533}, {250, 4930}, {Double.NaN, 3810},
        {450, 469}, {500, 473}, {510, 593}, {490, 500}, {700, 266}, {420, 495}, {710, 245}, {430, 736},
        {410, 508}, {700, 578}, {260, 4590}, {260, 4670}, {500, 503}, {450, 469}, {500, 314}, {620, 432},
        {670, 279}, {Double.NaN, 542}, {470, 499}, {370, 741}, {410, 569}, {540, 360}, {550, 513}, {220, 3910},
        {460, 364}, {390, 472}, {550, 245}, {320, Double.NaN}, {570, 224}, {480, 342}, {520, 732}, {620, 240},
        {520, 472}, {430, 679}, {400, 1080}, {430, 920}, {490, 488}, {560, Double.NaN}, {370, 595}, {460, 295},
        {390, 542}, {330, 1500}, {350, 1080}, {480, 334}, {390, 423}, {500, 216}, {410, 366}, {470, 750},
        {280, 1260}, {510, 223}, {Double.NaN, 462}, {310, 7640}, {230, 2340}, {470, 239}, {330, 1400},
        {320, 3070}, {500, 244},
    };

    @Test
    void reproducesPyMannKendallPartialTestOnWaterQuality() {
        int rows = WATER_QUALITY.length;
        double[] x = new double[rows];
        double[] ds = new double[rows];
        double[] discharge = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = i;
            ds[i] = WATER_QUALITY[i][0];
            discharge[i] = WATER_QUALITY[i][1];
        }
        MannKendall.Result r = MannKendall.testPartial(x, ds, discharge, 1.0);
        // pyMannKendall partial_test: s -282.53012319329804, var_s 23740.695506142725, z -1.8336567432191642
        assertThat(r.n()).isEqualTo(74);
        assertThat(r.s()).isCloseTo(-282.53012319329804, within(1e-9));
        assertThat(r.variance()).isCloseTo(23740.695506142725, within(1e-7));
        assertThat(r.z()).isCloseTo(-1.8336567432191642, within(1e-12));
        assertThat(r.covariateCorrelation()).isCloseTo(-0.6949568424185668, within(1e-12));
        // an inflation factor scales the variance only
        MannKendall.Result inflated = MannKendall.testPartial(x, ds, discharge, 4.0);
        assertThat(inflated.z()).isCloseTo(-1.8336567432191642 / 2, within(1e-12));
    }

    @Test
    void partialTestWithAConstantCovariateIsThePlainTestWithoutContinuityCorrection() {
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = {3, 1, 4, 1.5, 5, 9};
        MannKendall.Result partial = MannKendall.testPartial(x, y, new double[] {2, 2, 2, 2, 2, 2}, 1.0);
        MannKendall.Result plain = MannKendall.test(x, y);
        assertThat(partial.covariateCorrelation()).isZero();
        assertThat(partial.s()).isEqualTo(plain.s());
        assertThat(partial.z()).isCloseTo(plain.s() / Math.sqrt(plain.variance()), within(1e-12));
    }

    @Test
    void aSeriesThatMerelyFollowsItsCovariateHasNoPartialTrend() {
        // y rises only because the covariate (the load) rises: the plain test sees a trend, the partial one does not
        double[] x = new double[20];
        double[] load = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i;
            load[i] = i + (i % 3 == 0 ? 0.5 : 0);
            y[i] = 1.3 * load[i] + 0.01 * ((i * 7) % 5);
        }
        assertThat(MannKendall.test(x, y).z()).isGreaterThan(5);
        MannKendall.Result partial = MannKendall.testPartial(x, y, load, 1.0);
        assertThat(partial.covariateCorrelation()).isGreaterThan(0.95);
        assertThat(Math.abs(partial.z())).isLessThan(1.0);
    }

    @Test
    void perfectlyMonotoneSeriesHasTheLargestS() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        MannKendall.Result r = MannKendall.test(x, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertThat(r.s()).isEqualTo(45);
        assertThat(r.variance()).isEqualTo(125.0);
        assertThat(r.z()).isCloseTo(44 / Math.sqrt(125), within(1e-12));
        // scipy.stats.norm.sf(44 / sqrt(125))
        assertThat(r.pUpper()).isCloseTo(4.151535166322487e-05, within(4.151535166322487e-05 * 1e-12));
    }

    @Test
    void pValueKeepsItsDigitsFarInTheTail() {
        // Bonferroni-corrected looks decide at levels of 1e-5 and below: the tail must be accurate
        // in relative terms there. n = 20, S = 190, Var S = 950, Z = 189 / sqrt(950) = 6.13.
        double[] x = new double[20];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        MannKendall.Result r = MannKendall.test(x, x.clone());
        assertThat(r.z()).isCloseTo(189 / Math.sqrt(950), within(1e-12));
        // scipy.stats.norm.sf(189 / sqrt(950))
        assertThat(r.pUpper()).isCloseTo(4.3398813816889334e-10, within(4.3398813816889334e-10 * 1e-12));
    }

    @Test
    void tiesReduceTheVarianceAsScipyKendallDoes() {
        // scipy: kendalltau(x, y) tau_b 0.8308675641104959 = S / sqrt(n0 (n0 - ties_y)); S 54, var 210.667
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        double[] y = {3.1, 2.9, 3.5, 3.5, 4.0, 3.8, 5.2, 4.9, 4.9, 6.1, 5.8, 7.0};
        MannKendall.Result r = MannKendall.test(x, y);
        assertThat(r.s()).isEqualTo(54);
        assertThat(r.variance()).isCloseTo(210.66666666666666, within(1e-9));
        assertThat(r.s() / Math.sqrt(66.0 * (66 - 2))).isCloseTo(0.8308675641104959, within(1e-12));
    }

    @Test
    void allEqualValuesHaveNoTrendAndZeroVariance() {
        MannKendall.Result r = MannKendall.test(new double[] {1, 2, 3, 4, 5}, new double[] {7, 7, 7, 7, 7});
        assertThat(r.s()).isZero();
        assertThat(r.variance()).isZero();
        assertThat(r.z()).isZero();
        assertThat(r.pUpper()).isCloseTo(0.5, within(1e-7));
        MannKendall.Result c = MannKendall.testCorrected(new double[] {1, 2, 3, 4, 5}, new double[] {7, 7, 7, 7, 7}, 0);
        assertThat(c.autocorrelationFactor()).isEqualTo(1.0);
        assertThat(c.z()).isZero();
    }

    @Test
    void oneOrNoSampleIsNoEvidence() {
        MannKendall.Result one = MannKendall.test(new double[] {1}, new double[] {5});
        assertThat(one.n()).isEqualTo(1);
        assertThat(one.s()).isZero();
        assertThat(one.pUpper()).isCloseTo(0.5, within(1e-7));
        MannKendall.Result none = MannKendall.testCorrected(new double[0], new double[0], 0);
        assertThat(none.n()).isZero();
        assertThat(none.z()).isZero();
    }

    @Test
    void nanGapsAreSkippedNotCountedAsValues() {
        double[] x = {1, 2, 3, 4, 5, 6, 7};
        double[] withGaps = {1, Double.NaN, 3, 2, Double.NaN, 6, 5};
        MannKendall.Result r = MannKendall.test(x, withGaps);
        MannKendall.Result dense = MannKendall.test(new double[] {1, 3, 4, 6, 7}, new double[] {1, 3, 2, 6, 5});
        assertThat(r.n()).isEqualTo(5);
        assertThat(r.s()).isEqualTo(dense.s()).isEqualTo(6);
        assertThat(r.variance()).isEqualTo(dense.variance()).isEqualTo(5 * 4 * 15 / 18.0);
    }

    @Test
    void positiveSerialCorrelationInflatesTheVariance() {
        // a slow random walk around a trend: neighbours share their deviation
        double[] x = new double[40];
        double[] y = new double[40];
        java.util.Random rnd = new java.util.Random(7);
        double walk = 0;
        for (int i = 0; i < 40; i++) {
            walk += rnd.nextGaussian();
            x[i] = i;
            y[i] = 0.1 * i + walk;
        }
        MannKendall.Result r = MannKendall.testCorrected(x, y, TheilSen.slope(x, y));
        assertThat(r.autocorrelationFactor()).isGreaterThan(1.5);
        assertThat(r.correctedVariance()).isCloseTo(r.variance() * r.autocorrelationFactor(), within(1e-9));
        assertThat(Math.abs(r.z())).isLessThan(Math.abs(MannKendall.test(x, y).z()));
    }

    @Test
    void averageRanksShareTiedRanks() {
        assertThat(MannKendall.averageRanks(new double[] {10, 20, 10, 30, 20, 10}))
                .containsExactly(2, 4.5, 2, 6, 4.5, 2);
    }
    @Test
    void twoPointsAreTooFewToMeasureSerialCorrelation() {
        assertThat(MannKendall.hamedRaoFactor(new double[] {0, 1}, new double[] {3, 1}, 0)).isEqualTo(1.0);
        assertThat(MannKendall.testCorrected(new double[] {0, 1}, new double[] {3, 1}, -2).autocorrelationFactor())
                .isEqualTo(1.0);
    }

    @Test
    void thePartialTestOfTwoPointsIsComputedNotSkipped() {
        // S_y = 1, no covariate movement: rho 0, variance n(n-1)(2n+5)/18 = 1, Z = 1 (no continuity correction)
        MannKendall.Result r = MannKendall.testPartial(new double[] {0, 1}, new double[] {1, 2}, new double[] {5, 5}, 1);
        assertThat(r.n()).isEqualTo(2);
        assertThat(r.s()).isEqualTo(1.0);
        assertThat(r.variance()).isEqualTo(1.0);
        assertThat(r.z()).isEqualTo(1.0);
        assertThat(r.covariateCorrelation()).isEqualTo(0.0);
        MannKendall.Result one = MannKendall.testPartial(new double[] {0}, new double[] {1}, new double[] {5}, 1);
        assertThat(one.n()).isEqualTo(1);
        assertThat(one.s()).isZero();
        assertThat(one.pUpper()).isEqualTo(0.5);
        assertThat(one.covariateCorrelation()).isNaN();
    }

    @Test
    void aCovariateOfAnotherLengthOrXOfAnotherLengthIsRejected() {
        assertThatThrownBy(() -> MannKendall.testPartial(new double[] {0, 1}, new double[] {1, 2}, new double[] {5}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("covariate");
        assertThatThrownBy(() -> MannKendall.test(new double[] {0, 1, 2}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
    }

    @Test
    void aPointWithoutItsTimeIsSkippedLikeOneWithoutItsValue() {
        double[][] p = MannKendall.finitePairs(new double[] {0, Double.NaN, 2, 3}, new double[] {5, 6, Double.NaN, 8});
        assertThat(p[0]).containsExactly(0, 3);
        assertThat(p[1]).containsExactly(5, 8);
    }
}
