package io.postflight.provider.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The former names of the metrics sources' properties, from {@code deprecated-properties.properties}
 * (one place, in file order so that the first of several former names for one new name wins).
 */
final class DeprecatedProperties {
    private static final List<String[]> ENTRIES = load();

    private DeprecatedProperties() {
    }

    /** Former full names by the new name relative to {@code prefix} (e.g. {@code prometheus.url}). */
    static Map<String, List<String>> under(String prefix) {
        Map<String, List<String>> byNewName = new LinkedHashMap<>();
        for (String[] entry : ENTRIES) {
            if (entry[1].startsWith(prefix + ".")) {
                byNewName.computeIfAbsent(entry[1].substring(prefix.length() + 1), k -> new ArrayList<>())
                        .add(entry[0]);
            }
        }
        return byNewName;
    }

    private static List<String[]> load() {
        List<String[]> entries = new ArrayList<>();
        try (InputStream in = DeprecatedProperties.class.getResourceAsStream("deprecated-properties.properties");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.strip().startsWith("#") && eq > 0) {
                    entries.add(new String[] {line.substring(0, eq).strip(), line.substring(eq + 1).strip()});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(entries);
    }
}
