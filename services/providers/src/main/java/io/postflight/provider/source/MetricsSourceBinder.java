package io.postflight.provider.source;

import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.naming.conventions.StringConvention;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a {@link MetricsSource} from {@code <prefix>.*} ({@code postflight.baseline.metrics},
 * {@code postflight.drift.metrics}): every value converted to its type, every mistake reported
 * with the property's name (Micronaut's own binding would quietly keep the default for a value
 * that does not convert), unset values taken from {@link MetricsSource#DEFAULTS}.
 *
 * <p>A phase's former property names ({@code deprecated-properties.properties}) still work as
 * deprecated aliases: an alias is read only when the new name is unset, and each one found is
 * logged at start-up with its new name.
 */
public final class MetricsSourceBinder {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSourceBinder.class);

    private final Environment env;
    private final String prefix;
    private final Map<String, List<String>> aliases;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param aliases deprecated full property names by the new name relative to {@code prefix}
     *     (e.g. {@code "prometheus.url" -> ["postflight.baseline.prometheus-url"]}), first set wins
     */
    private MetricsSourceBinder(Environment env, String prefix, Map<String, List<String>> aliases) {
        this.env = env;
        this.prefix = prefix;
        this.aliases = aliases;
    }

    /**
     * The metrics source configured under {@code prefix}, former names read as deprecated aliases.
     *
     * @throws ConfigurationException naming every property that is invalid
     */
    public static MetricsSource bind(Environment env, String prefix) {
        return bind(env, prefix, DeprecatedProperties.under(prefix));
    }

    /** As {@link #bind(Environment, String)}, with the given aliases (new relative name → former names). */
    static MetricsSource bind(Environment env, String prefix, Map<String, List<String>> aliases) {
        return new MetricsSourceBinder(env, prefix, aliases).bind();
    }

    private MetricsSource bind() {
        MetricsSource d = MetricsSource.DEFAULTS;
        MetricsProviderKind provider = value("provider", String.class, "'prometheus' or 'scrape'")
                .map(this::provider).orElse(d.provider());
        Duration timeout = value("timeout", Duration.class, "a duration (e.g. 500ms, 10s)").orElse(d.timeout());
        int attempts = value("attempts", Integer.class, "a whole number").orElse(d.attempts());
        Duration backoff = value("backoff", Duration.class, "a duration (e.g. 200ms, 1s)").orElse(d.backoff());
        PrometheusSource p = PrometheusSource.DEFAULTS;
        PrometheusSource prometheus = new PrometheusSource(
                value("prometheus.url", URI.class, "an http(s) URL with a host (e.g. http://prometheus:9090)",
                        MetricsSourceBinder::isHttpUrl).orElse(p.url()),
                map("prometheus.headers"),
                value("prometheus.labels.service", String.class, "a label name").orElse(p.serviceLabel()),
                value("prometheus.labels.environment", String.class, "a label name").orElse(p.environmentLabel()),
                value("prometheus.labels.version", String.class, "a label name").orElse(p.versionLabel()),
                map("prometheus.queries"));
        ScrapeSource s = ScrapeSource.DEFAULTS;
        ScrapeSource scrape = new ScrapeSource(
                value("scrape.path", String.class, "a path (e.g. /metrics)").orElse(s.path()),
                value("scrape.interval", Duration.class, "a duration (e.g. 10s)").orElse(s.interval()),
                ScrapeTargets.bind(env, prefix + ".scrape.targets",
                        aliases.getOrDefault("scrape.targets", List.of()), problems),
                value("scrape.memory-metrics", String[].class, "a list of metric names").map(List::of)
                        .orElse(s.memoryMetrics()),
                value("scrape.cpu-seconds-metric", String.class, "a metric name").orElse(s.cpuSecondsMetric()),
                value("scrape.disk-metric", String.class, "a metric name").orElse(s.diskMetric()),
                value("scrape.version-label", String.class, "a label name").orElse(s.versionLabel()),
                value("scrape.memory-limit-bytes", Double.class, "a number of bytes").orElse(s.memoryLimitBytes()));
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
        try {
            return new MetricsSource(provider, timeout, attempts, backoff, prometheus, scrape);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("invalid configuration:\n  - " + prefix + "." + e.getMessage());
        }
    }

    /** An absolute http(s) URL with a host: what a Prometheus server or a metrics page must be. */
    static boolean isHttpUrl(URI url) {
        return url.getScheme() != null && url.getScheme().matches("(?i)https?") && url.getHost() != null;
    }

    private MetricsProviderKind provider(String word) {
        try {
            return MetricsProviderKind.valueOf(word.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(prefix + ".provider: '" + word + "' is not 'prometheus' or 'scrape'");
            return MetricsSource.DEFAULTS.provider();
        }
    }

    /** The value of {@code <prefix>.<name>} (or of its deprecated alias), converted; a problem if it does not convert. */
    private <T> Optional<T> value(String name, Class<T> type, String expected) {
        return value(name, type, expected, v -> true);
    }

    /** As {@link #value(String, Class, String)}, a converted value that is not {@code valid} being a problem too. */
    private <T> Optional<T> value(String name, Class<T> type, String expected, Predicate<T> valid) {
        String key = key(name);
        if (key == null) {
            return Optional.empty();
        }
        Optional<T> converted = env.getProperty(key, type).filter(valid);
        if (converted.isEmpty()) {
            problems.add(key + ": '" + env.getProperty(key, Object.class).orElse("") + "' is not " + expected);
        }
        return converted;
    }

    /** A map of strings under {@code <prefix>.<name>} (or its alias), keys as written. */
    private Map<String, String> map(String name) {
        String key = env.containsProperties(prefix + "." + name) ? prefix + "." + name : alias(name, true);
        Map<String, String> values = new LinkedHashMap<>();
        if (key != null) {
            env.getProperties(key, StringConvention.RAW).forEach((k, v) -> values.put(k, String.valueOf(v)));
        }
        // Former names of single entries (postflight.drift.prometheus.memory -> prometheus.queries.memory).
        aliases.keySet().stream().filter(n -> n.startsWith(name + ".")).forEach(n -> {
            String entry = n.substring(name.length() + 1);
            String old = values.containsKey(entry) || env.containsProperty(prefix + "." + n) ? null : alias(n, false);
            if (old != null) {
                values.put(entry, env.getProperty(old, String.class).orElse(""));
            }
        });
        return values;
    }

    /** The property to read for {@code name}: the new one when set, else a set alias (warned), else null. */
    private String key(String name) {
        String key = prefix + "." + name;
        return env.containsProperty(key) ? key : alias(name, false);
    }

    private String alias(String name, boolean isMap) {
        String found = null;
        for (String old : aliases.getOrDefault(name, List.of())) {
            if (isMap ? env.containsProperties(old) : env.containsProperty(old)) {
                LOG.warn("{} is deprecated and will be removed: use {}.{}", old, prefix, name);
                found = found == null ? old : found;
            }
        }
        return found;
    }
}
