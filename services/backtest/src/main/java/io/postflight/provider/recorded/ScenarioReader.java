package io.postflight.provider.recorded;

import io.postflight.contracts.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads scenario files ({@code *.json}, not {@code truth.jsonl}) from a folder, in name order. */
public final class ScenarioReader {

    private ScenarioReader() {
    }

    /** Reads one scenario file, rejecting files of another format with a message naming the file. */
    public static Scenario read(Path file) throws IOException {
        Scenario s = Json.MAPPER.readValue(file.toFile(), Scenario.class);
        if (!Scenario.FORMAT.equals(s.format())) {
            throw new IOException(file + ": format is '" + s.format() + "', expected '" + Scenario.FORMAT + "'");
        }
        return s;
    }

    /** Every {@code *.json} scenario in {@code dir}, sorted by file name. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted().toList());
        }
    }
}
