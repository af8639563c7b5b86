package io.postflight.provider.scrape;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Where the instances of a version expose their metrics: full URLs of their {@code /metrics}. */
@FunctionalInterface
public interface ScrapeTargets {

    /** The metrics URLs of the instances running {@code version}; empty when none is known. */
    List<URI> instances(String service, String environment, String version);

    /** A fixed list, keyed {@code "service/environment/version"}. */
    static ScrapeTargets fixed(Map<String, List<URI>> byKey) {
        Map<String, List<URI>> copy = Map.copyOf(byKey);
        return (service, environment, version) ->
                copy.getOrDefault(service + "/" + environment + "/" + version, List.of());
    }
}
