package io.postflight.benchmarks;

import io.postflight.backtest.BacktestVerdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well one judge decided one kind of scenario, computed the way {@code score.py} does: rates
 * over good deployments (expected promote) and over bad ones (expected rollback), and the time to
 * detect (decision time minus onset) of the detected regressions.
 *
 * @param good number of good deployments
 * @param bad number of bad deployments
 * @param falseRollbacks good deployments rolled back
 * @param goodInconclusive good deployments neither promoted nor rolled back
 * @param detected bad deployments rolled back
 * @param badPromoted bad deployments promoted (missed)
 * @param badInconclusive bad deployments neither promoted nor rolled back
 * @param detectSeconds sorted times to detect of the detected regressions
 * @param families per family: how many were decided as expected, of how many, and detection times
 */
public record AccuracyScore(int good, int bad, int falseRollbacks, int goodInconclusive, int detected,
                            int badPromoted, int badInconclusive, List<Long> detectSeconds,
                            Map<String, Family> families) {

    /**
     * One family's figures.
     *
     * @param right scenarios decided as expected
     * @param total scenarios of the family
     * @param detectSeconds sorted times to detect of its detected regressions
     */
    public record Family(int right, int total, List<Long> detectSeconds) {

        /** Median time to detect within the family, {@code NaN} when none was detected. */
        public double medianDetectSeconds() {
            return median(detectSeconds);
        }
    }

    /** Scores the verdicts of the scenarios in {@code truths} (verdicts of other scenarios are ignored). */
    public static AccuracyScore of(Collection<Truth> truths, Map<String, BacktestVerdict> verdicts) {
        int good = 0;
        int bad = 0;
        int falseRollbacks = 0;
        int goodInconclusive = 0;
        int detected = 0;
        int badPromoted = 0;
        int badInconclusive = 0;
        List<Long> ttd = new ArrayList<>();
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, List<Long>> familyTtd = new TreeMap<>();
        for (Truth t : truths) {
            BacktestVerdict v = verdicts.get(t.id());
            String decision = v == null ? "missing" : v.decision();
            int[] fam = counts.computeIfAbsent(t.family(), f -> new int[2]);
            List<Long> famTtd = familyTtd.computeIfAbsent(t.family(), f -> new ArrayList<>());
            fam[1]++;
            if (decision.equals(t.expected())) {
                fam[0]++;
            }
            if (t.isRegression()) {
                bad++;
                switch (decision) {
                    case "rollback" -> {
                        detected++;
                        long seconds = v.decidedAtSeconds() - (t.onsetSeconds() == null ? 0 : t.onsetSeconds());
                        ttd.add(seconds);
                        famTtd.add(seconds);
                    }
                    case "promote" -> badPromoted++;
                    default -> badInconclusive++;
                }
            } else {
                good++;
                switch (decision) {
                    case "rollback" -> falseRollbacks++;
                    case "promote" -> { }
                    default -> goodInconclusive++;
                }
            }
        }
        ttd.sort(null);
        Map<String, Family> families = new TreeMap<>();
        counts.forEach((f, c) -> families.put(f, new Family(c[0], c[1],
                familyTtd.get(f).stream().sorted().toList())));
        return new AccuracyScore(good, bad, falseRollbacks, goodInconclusive, detected, badPromoted,
                badInconclusive, List.copyOf(ttd), families);
    }

    public double falseRollbackRate() {
        return ratio(falseRollbacks, good);
    }

    public double detectionRate() {
        return ratio(detected, bad);
    }

    public double goodInconclusiveRate() {
        return ratio(goodInconclusive, good);
    }

    public double badInconclusiveRate() {
        return ratio(badInconclusive, bad);
    }

    public double missedRate() {
        return ratio(badPromoted, bad);
    }

    /** Median time to detect, as Python's {@code statistics.median}; {@code NaN} when nothing was detected. */
    public double medianDetectSeconds() {
        return median(detectSeconds);
    }

    /** 90th-percentile time to detect, indexed as {@code score.py} does; {@code NaN} when nothing was detected. */
    public double p90DetectSeconds() {
        int n = detectSeconds.size();
        return n == 0 ? Double.NaN : detectSeconds.get((int) (0.9 * (n - 1)));
    }

    private static double median(List<Long> sorted) {
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static double ratio(int a, int b) {
        return (double) a / Math.max(1, b);
    }
}
