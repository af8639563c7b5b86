package io.postflight.provider.scrape;

import java.util.List;
import java.util.Map;

/**
 * A parsed {@code /metrics} page.
 *
 * @param samples every sample line, in order
 * @param types metric family name to its {@code # TYPE} ({@code counter}, {@code gauge},
 *     {@code histogram}, {@code summary}, {@code untyped})
 * @param help metric family name to its unescaped {@code # HELP} text
 */
public record Exposition(List<Sample> samples, Map<String, String> types, Map<String, String> help) {

    public Exposition {
        samples = List.copyOf(samples);
        types = Map.copyOf(types);
        help = Map.copyOf(help);
    }

    /** The samples of one metric name (exact, suffix included). */
    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
