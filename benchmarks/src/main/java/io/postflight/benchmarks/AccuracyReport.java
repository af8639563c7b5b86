package io.postflight.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Formats the scores of several judges on one kind of scenario as plain-text tables. */
final class AccuracyReport {

    private final String kind;
    private final Map<String, AccuracyScore> scores = new LinkedHashMap<>();
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    AccuracyReport(String kind) {
        this.kind = kind;
    }

    void add(String judge, AccuracyScore score, double elapsedSeconds) {
        scores.put(judge, score);
        seconds.put(judge, elapsedSeconds);
    }

    String render() {
        if (scores.isEmpty()) {
            return "";
        }
        AccuracyScore any = scores.values().iterator().next();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s: %d good, %d bad%n", kind, any.good(), any.bad()));
        b.append(String.format(Locale.ROOT, "  %-16s %9s %9s %9s %9s %9s %8s %8s %8s%n", "judge",
                "false-rb", "detect", "good-inc", "bad-inc", "missed", "ttd-med", "ttd-p90", "run-s"));
        scores.forEach((judge, s) -> b.append(String.format(Locale.ROOT,
                "  %-16s %9.3f %9.3f %9.3f %9.3f %9.3f %8s %8s %8.1f%n", judge, s.falseRollbackRate(),
                s.detectionRate(), s.goodInconclusiveRate(), s.badInconclusiveRate(), s.missedRate(),
                seconds(s.medianDetectSeconds()), seconds(s.p90DetectSeconds()), this.seconds.get(judge))));
        b.append(String.format(Locale.ROOT,
                "  per family (decided as expected / scenarios; for regressions, median time to detect):%n"));
        List<String> judges = new ArrayList<>(scores.keySet());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "    %-22s %-9s", "family", "expected"));
        judges.forEach(j -> header.append(String.format(Locale.ROOT, " %16s", j)));
        b.append(header).append(System.lineSeparator());
        for (String family : new TreeSet<>(any.families().keySet())) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "    %-22s %-9s", family,
                    expected(family)));
            for (String j : judges) {
                AccuracyScore.Family f = scores.get(j).families().get(family);
                String cell = f == null ? "-" : f.right() + "/" + f.total()
                        + (f.detectSeconds().isEmpty() ? "" : " " + seconds(f.medianDetectSeconds()) + "s");
                row.append(String.format(Locale.ROOT, " %16s", cell));
            }
            b.append(row).append(System.lineSeparator());
        }
        return b.toString();
    }

    private final Map<String, String> expectedByFamily = new LinkedHashMap<>();

    void expected(String family, String expected) {
        expectedByFamily.put(family, expected);
    }

    private String expected(String family) {
        return expectedByFamily.getOrDefault(family, "");
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.0f", s);
    }
}
