package io.postflight.benchmarks;

import io.postflight.backtest.BacktestVerdict;
import io.postflight.backtest.CanaryScenarioReplayer;
import io.postflight.backtest.DriftScenarioReplayer;
import io.postflight.benchmarks.canary.FixedThresholdReference;
import io.postflight.benchmarks.canary.MannWhitneyReference;
import io.postflight.benchmarks.drift.FirstLastHourReference;
import io.postflight.contracts.Json;
import io.postflight.provider.recorded.Scenario;
import io.postflight.provider.recorded.ScenarioReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The judge-accuracy benchmark: runs Postflight's judges and the reference judges on the same
 * scenarios in one run, scores each against the truth file, prints a table per scenario kind and
 * writes each judge's verdicts (FORMAT.md lines) so {@code score.py} can check the figures.
 *
 * <p>Usage: {@code JudgeAccuracyBenchmark SCENARIO_DIR [OUT_DIR]}; the truth is
 * {@code SCENARIO_DIR/truth.jsonl}. Exit status 0, or 1 when a scenario could not be read or
 * judged (reported on stderr; the others still count), 2 on a usage or I/O error.
 */
public final class JudgeAccuracyBenchmark {

    private final List<Contender> contenders;

    public JudgeAccuracyBenchmark(List<Contender> contenders) {
        this.contenders = List.copyOf(contenders);
    }

    /** Postflight's judges and the references they are measured against. */
    public static List<Contender> defaultContenders() {
        return List.of(
                new Contender("postflight", "canary", "baseline judge (anytime-valid tests)",
                        new CanaryScenarioReplayer()),
                new Contender("fixed-threshold", "canary", "error rate > 5 % or p99 > 2x baseline, 2 failed checks",
                        new FixedThresholdReference()),
                new Contender("kayenta-style", "canary", "Mann-Whitney 98 % CI + effect size, every minute",
                        new MannWhitneyReference()),
                new Contender("postflight", "drift", "drift judge", new DriftScenarioReplayer()),
                new Contender("first-last-hour", "drift", "last hour's memory > 1.5x first hour's",
                        new FirstLastHourReference()));
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: JudgeAccuracyBenchmark SCENARIO_DIR [OUT_DIR]");
            System.exit(2);
        }
        Path out = Path.of(args.length == 2 ? args[1] : "benchmarks/target/judge-accuracy");
        System.exit(new JudgeAccuracyBenchmark(defaultContenders()).run(Path.of(args[0]), out, System.out, System.err));
    }

    /** Runs every contender over {@code dir}; returns the exit status. */
    public int run(Path dir, Path out, PrintStream report, PrintStream err) {
        Map<String, Truth> truth;
        List<Scenario> scenarios = new ArrayList<>();
        int failures = 0;
        try {
            truth = Truth.read(dir.resolve("truth.jsonl"));
            Files.createDirectories(out);
            for (Path file : ScenarioReader.list(dir)) {
                try {
                    scenarios.add(ScenarioReader.read(file));
                } catch (IOException | RuntimeException e) {
                    failures++;
                    err.println("benchmark: skipped " + file.getFileName() + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            err.println("benchmark: " + e.getMessage());
            return 2;
        }
        report.printf("scenarios: %s (%d read)%n%n", dir, scenarios.size());
        Map<String, AccuracyReport> reports = new LinkedHashMap<>();
        for (Contender c : contenders) {
            Map<String, BacktestVerdict> verdicts = new LinkedHashMap<>();
            long start = System.nanoTime();
            for (Scenario s : scenarios) {
                if (!c.kind().equals(s.kind()) || !c.replayer().accepts(s)) {
                    continue;
                }
                try {
                    verdicts.put(s.id(), c.replayer().replay(s));
                } catch (RuntimeException e) {
                    failures++;
                    err.println("benchmark: " + c.name() + " failed on " + s.id() + ": " + e);
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (!write(out.resolve(c.name() + "-" + c.kind() + ".jsonl"), verdicts.values(), err)) {
                return 2;
            }
            List<Truth> ofKind = truth.values().stream().filter(t -> c.kind().equals(t.kind())).toList();
            AccuracyReport r = reports.computeIfAbsent(c.kind(), AccuracyReport::new);
            ofKind.forEach(t -> r.expected(t.family(), t.expected()));
            r.add(c.name(), AccuracyScore.of(ofKind, verdicts), elapsed);
        }
        reports.values().forEach(r -> report.println(r.render()));
        report.println("judges:");
        contenders.forEach(c -> report.printf("  %-16s %-7s %s%n", c.name(), c.kind(), c.description()));
        report.println("verdicts written to " + out + " (score with: python3 score.py TRUTH "
                + out.resolve("JUDGE-KIND.jsonl") + ")");
        return failures == 0 ? 0 : 1;
    }

    private static boolean write(Path file, Iterable<BacktestVerdict> verdicts, PrintStream err) {
        List<String> lines = new ArrayList<>();
        try {
            for (BacktestVerdict v : verdicts) {
                lines.add(Json.MAPPER.writeValueAsString(v));
            }
            Files.write(file, lines);
            return true;
        } catch (IOException e) {
            err.println("benchmark: cannot write " + file + ": " + e.getMessage());
            return false;
        }
    }
}
