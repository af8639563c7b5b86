package io.postflight.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The figures one fault test measured, written where docs/reliability.md's table comes from: each
 * fault writes one row file under {@code target/fault-figures}; the table of every row file there
 * is written to {@code target/fault-figures/reliability-table.md} and, when the build runs with
 * {@code -Dpostflight.faults.update-docs=true}, into docs/reliability.md between its markers.
 * No figure in that table is typed by hand.
 *
 * @param fault the fault, as the table names it
 * @param expected decisions expected (one per deployment, plus post-promotion rollbacks)
 * @param observed decisions observed for those deployments
 * @param wrong observed decisions of the wrong kind, or duplicates
 * @param recoverySeconds time from the end of the fault to the last expected decision (-1: not applicable)
 * @param deadLetters dead letters written for the fault's records
 * @param heapMiB heap used by the JVM running the services, after the fault
 * @param threads live threads of that JVM, after the fault
 */
record FaultFigures(String fault, int expected, int observed, int wrong, double recoverySeconds, long deadLetters,
                    long heapMiB, int threads) {
    static final String BEGIN = "<!-- fault-figures:begin (written by the fault suite; do not edit) -->";
    static final String END = "<!-- fault-figures:end -->";
    private static final Path DIR = Path.of("target", "fault-figures");
    private static final Path DOC = Path.of("..", "..", "docs", "reliability.md");

    /** Figures of this JVM's heap and threads, with the fault's decision figures. */
    static FaultFigures measure(String fault, int expected, int observed, int wrong, double recoverySeconds,
                                long deadLetters) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        return new FaultFigures(fault, expected, observed, wrong, recoverySeconds, deadLetters, heap,
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    /** Writes this row and rewrites the table (and the doc's table, when asked). */
    FaultFigures write() {
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(fileName()), row(), StandardCharsets.UTF_8);
            String table = table();
            Files.writeString(DIR.resolve("reliability-table.md"), table, StandardCharsets.UTF_8);
            if (Boolean.getBoolean("postflight.faults.update-docs") && Files.exists(DOC)) {
                String doc = Files.readString(DOC, StandardCharsets.UTF_8);
                Files.writeString(DOC, replaceTable(doc, merged(doc)), StandardCharsets.UTF_8);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String fileName() {
        return fault.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".row";
    }

    String row() {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %d | %d | %d |%n", fault, expected, observed,
                wrong, recoverySeconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", recoverySeconds),
                deadLetters, heapMiB, threads);
    }

    /** The table of every row written so far in this build, sorted by fault. */
    static String table() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".row")).toList()) {
                rows.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("| fault | decisions expected | observed | wrong or duplicate | recovery (s) | dead letters"
                + " | heap used (MiB) | threads |");
        lines.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.values().forEach(r -> lines.add(r.strip()));
        return String.join("\n", lines) + "\n";
    }

    /** The doc's rows, with the rows measured in this build in place of theirs (a partial rerun keeps the rest). */
    static String merged(String doc) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        if (b >= 0 && e > b) {
            doc.substring(b + BEGIN.length(), e).lines().skip(3).filter(l -> l.startsWith("| "))
                    .forEach(l -> rows.put(l.split("\\|")[1].strip(), l.strip()));
        }
        table().lines().skip(2).forEach(l -> rows.put(l.split("\\|")[1].strip(), l.strip()));
        List<String> lines = new ArrayList<>(table().lines().limit(2).toList());
        lines.addAll(rows.values());
        return String.join("\n", lines) + "\n";
    }

    static String replaceTable(String doc, String table) {
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        if (b < 0 || e < b) {
            throw new IllegalStateException("docs/reliability.md lacks the fault-figures markers");
        }
        return doc.substring(0, b + BEGIN.length()) + "\n" + table + doc.substring(e);
    }
}
