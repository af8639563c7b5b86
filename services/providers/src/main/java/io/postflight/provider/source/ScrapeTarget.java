package io.postflight.provider.source;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The metrics pages of one version that no verification announces (typically the version that was
 * serving before Postflight was installed), scraped from start-up on.
 *
 * @param service service name
 * @param environment environment name
 * @param version version name, as the deploy events give it
 * @param urls full URLs of the instances' metrics pages
 */
public record ScrapeTarget(String service, String environment, String version, List<URI> urls) {
    public ScrapeTarget {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    /** The key the scrape provider files this version under: {@code service/environment/version}. */
    public String key() {
        return service + "/" + environment + "/" + version;
    }
}
