package io.postflight.provider.source;

import io.micronaut.context.env.Environment;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds {@code scrape.targets}: a list of {@code {service, environment, version, urls}} entries,
 * from YAML or from indexed properties ({@code targets[0].service=...}). Also reads the deprecated
 * one-line form {@code service/environment/version=http://host:port/metrics}, with a warning.
 */
final class ScrapeTargets {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeTargets.class);

    private ScrapeTargets() {
    }

    static List<ScrapeTarget> bind(Environment env, String key, List<String> deprecatedKeys, List<String> problems) {
        List<ScrapeTarget> targets = new ArrayList<>();
        Optional<List> listed = env.getProperty(key, List.class);
        if (listed.isPresent()) {
            List<?> entries = listed.get();
            for (int i = 0; i < entries.size(); i++) {
                structured(key + "[" + i + "]", entries.get(i), problems).ifPresent(targets::add);
            }
        } else {
            for (int i = 0; env.containsProperties(key + "[" + i + "]"); i++) {
                structured(key + "[" + i + "]", env.getProperties(key + "[" + i + "]"), problems)
                        .ifPresent(targets::add);
            }
        }
        for (String deprecatedKey : deprecatedKeys) {
            if (targets.isEmpty() && env.containsProperty(deprecatedKey)) {
                LOG.warn("{} is deprecated and will be removed: use {} (service, environment, version, urls)",
                        deprecatedKey, key);
                for (Object line : env.getProperty(deprecatedKey, List.class).orElse(List.of())) {
                    oneLine(deprecatedKey, String.valueOf(line), problems).ifPresent(targets::add);
                }
            }
        }
        return targets;
    }

    private static Optional<ScrapeTarget> structured(String key, Object entry, List<String> problems) {
        if (!(entry instanceof Map<?, ?> m)) {
            problems.add(key + ": '" + entry + "' is not {service, environment, version, urls}");
            return Optional.empty();
        }
        String service = text(m.get("service"));
        String environment = text(m.get("environment"));
        String version = text(m.get("version"));
        List<URI> urls = urls(key, m.get("urls"), problems);
        if (service.isEmpty() || environment.isEmpty() || version.isEmpty() || urls.isEmpty()) {
            problems.add(key + ": service, environment, version and urls are all required (got " + m + ")");
            return Optional.empty();
        }
        return Optional.of(new ScrapeTarget(service, environment, version, urls));
    }

    private static List<URI> urls(String key, Object value, List<String> problems) {
        Collection<?> items = value instanceof Collection<?> c ? c
                : value == null ? List.of() : List.of(String.valueOf(value).split(","));
        List<URI> urls = new ArrayList<>();
        for (Object item : items) {
            String text = String.valueOf(item).strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                URI uri = URI.create(text);
                if (!MetricsSourceBinder.isHttpUrl(uri)) {
                    throw new IllegalArgumentException("not http(s) with a host");
                }
                urls.add(uri);
            } catch (IllegalArgumentException e) {
                problems.add(key + ".urls: '" + text + "' is not an http(s) URL");
            }
        }
        return urls;
    }

    /** The deprecated form {@code service/environment/version=url}. */
    private static Optional<ScrapeTarget> oneLine(String key, String entry, List<String> problems) {
        int eq = entry.indexOf('=');
        String[] parts = eq < 0 ? new String[0] : entry.substring(0, eq).strip().split("/", -1);
        if (parts.length != 3 || eq == entry.length() - 1) {
            problems.add(key + ": '" + entry + "' is not service/environment/version=http://host:port/metrics");
            return Optional.empty();
        }
        List<URI> urls = urls(key, entry.substring(eq + 1), problems);
        return urls.isEmpty() ? Optional.empty() : Optional.of(new ScrapeTarget(parts[0], parts[1], parts[2], urls));
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }
}
