package io.postflight.local;

import io.postflight.backtest.BacktestRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar postflight.jar <command>}: the embedded default and offline tools.
 *
 * <ul>
 *   <li>{@code run}: a real in-JVM Kafka broker and every Postflight service, until Ctrl-C or
 *       SIGTERM; then it stops in order and removes its state folder (kept with {@code --keep-state}).</li>
 *   <li>{@code demo [--keep-running]}: as {@code run}, plus demo targets and a scripted CD system
 *       that deploys a good version and then bad ones; prints the phases and decisions, exits 0
 *       when every decision came out as expected.</li>
 *   <li>{@code backtest DIR}: replays recorded scenarios through the judges, one verdict a line.</li>
 * </ul>
 */
public final class PostflightCli {

    private PostflightCli() {
    }

    public static void main(String[] args) {
        JdkWarnings.quietUnsafeMemoryAccess();
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            usage(out);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("-h") || rest.contains("--help")) { // never start a whole stack to show help
            usage(out);
            return 0;
        }
        if (rest.contains("--keep-state")) {
            System.setProperty(LocalStack.KEEP_STATE, "true");
        }
        try {
            return switch (args[0]) {
                case "run" -> LocalStack.runForever(out);
                case "demo" -> Demo.run(out, rest.contains("--keep-running"));
                case "backtest" -> {
                    if (rest.size() != 1) {
                        err.println("usage: postflight backtest DIR");
                        yield 2;
                    }
                    yield BacktestRunner.run(Path.of(rest.get(0)), out, err);
                }
                default -> {
                    err.println("unknown command '" + args[0] + "'");
                    usage(err);
                    yield 2;
                }
            };
        } catch (Exception | Error e) {
            // Errors too: a broker thread left running must not keep a failed command alive.
            err.println("postflight " + args[0] + " failed: " + e);
            for (String cause : causes(e)) {
                err.println("  caused by: " + cause);
            }
            return 1;
        }
    }

    /**
     * The causes under {@code e}, each once: a configuration error is often several wrappers deep
     * (a bean that could not be made because a property could not be read), and the line that says
     * which setting is wrong is the innermost. Messages only, as the services word them: they name
     * settings, never a secret's value.
     */
    static List<String> causes(Throwable e) {
        List<String> lines = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        seen.add(e);
        String previous = String.valueOf(e.getMessage());
        for (Throwable c = e.getCause(); c != null && seen.add(c) && lines.size() < 10; c = c.getCause()) {
            String message = String.valueOf(c.getMessage()).strip();
            if (!previous.contains(message)) {
                lines.add(c.getClass().getSimpleName() + ": " + message);
            }
            previous = message;
        }
        return lines;
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: java -jar postflight.jar <command>
                  run [--keep-state]     embedded Kafka broker + every Postflight service, until Ctrl-C or SIGTERM
                  demo [--keep-running] [--keep-state]
                                         run, plus demo targets and a scripted CD: shows PROMOTE and ROLLBACK,
                                         and an operator's override releasing a HOLD (with its audit record);
                                         exits non-zero at the first decision that differs from the expected one
                  --keep-state           keep the state folder in the temporary directory after stopping
                  backtest DIR           replay recorded scenarios (FORMAT.md) through the judges""");
    }
}
