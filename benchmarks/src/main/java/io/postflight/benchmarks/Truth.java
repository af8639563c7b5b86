package io.postflight.benchmarks;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.postflight.contracts.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a scenario set's {@code truth.jsonl}: what should have been decided, and for a
 * regression when it began.
 *
 * @param id scenario id
 * @param kind {@code canary} or {@code drift}
 * @param family the kind of situation the scenario stages, e.g. {@code brief_blip}
 * @param expected {@code promote} or {@code rollback}
 * @param onsetSeconds for a regression, seconds after the deployment when it began
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Truth(String id, String kind, String family, String expected, Long onsetSeconds) {

    public boolean isRegression() {
        return "rollback".equals(expected);
    }

    /** Every line of a truth file, by scenario id, in file order. */
    public static Map<String, Truth> read(Path file) throws IOException {
        Map<String, Truth> byId = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                Truth t = Json.MAPPER.readValue(line, Truth.class);
                byId.put(t.id(), t);
            }
        }
        return byId;
    }
}
