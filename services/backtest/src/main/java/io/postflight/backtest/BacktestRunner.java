package io.postflight.backtest;

import io.postflight.contracts.Json;
import io.postflight.provider.recorded.Scenario;
import io.postflight.provider.recorded.ScenarioReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code backtest DIR} command: replays every scenario file in a folder through the judges and
 * writes one verdict a line, in the format of {@code benchmarks/scenarios/FORMAT.md}.
 *
 * <p>A scenario that cannot be read or replayed is reported on the error stream and makes the exit
 * status non-zero, but the other scenarios are still judged.
 */
public final class BacktestRunner {

    private final List<ScenarioReplayer> replayers;

    /** A runner that dispatches each scenario to the first replayer that accepts it. */
    public BacktestRunner(List<ScenarioReplayer> replayers) {
        this.replayers = List.copyOf(Objects.requireNonNull(replayers, "replayers"));
    }

    /** The replayers the service's judges use: canary (baseline judge) and drift. */
    public static List<ScenarioReplayer> defaultReplayers() {
        return List.of(new CanaryScenarioReplayer(), new DriftScenarioReplayer());
    }

    /** Runs the default replayers over {@code dir}; returns the exit status (0 when all went well). */
    public static int run(Path dir, PrintStream out, PrintStream err) {
        return new BacktestRunner(defaultReplayers()).runAll(dir, out, err);
    }

    /** Replays every scenario of {@code dir}, writing verdicts to {@code out}; returns the exit status. */
    public int runAll(Path dir, PrintStream out, PrintStream err) {
        List<Path> files;
        try {
            files = ScenarioReader.list(dir);
        } catch (IOException e) {
            err.println("backtest: " + e.getMessage());
            return 2;
        }
        int failures = 0;
        for (Path file : files) {
            try {
                BacktestVerdict verdict = replay(ScenarioReader.read(file));
                out.println(Json.MAPPER.writeValueAsString(verdict));
            } catch (IOException | RuntimeException e) {
                failures++;
                err.println("backtest: skipped " + file.getFileName() + ": " + describe(e));
            }
        }
        out.flush();
        if (failures > 0) {
            err.println("backtest: " + failures + " of " + files.size() + " scenario(s) could not be judged");
        }
        return failures == 0 ? 0 : 1;
    }

    /** Replays one scenario with the first replayer that accepts it. */
    public BacktestVerdict replay(Scenario scenario) {
        for (ScenarioReplayer r : replayers) {
            if (r.accepts(scenario)) {
                return r.replay(scenario);
            }
        }
        throw new IllegalArgumentException("no replayer for kind '" + scenario.kind() + "'");
    }

    private static String describe(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
