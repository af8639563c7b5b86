package io.postflight.provider.source;

import java.util.Locale;

/** Where a phase reads its metrics: a Prometheus-compatible server, or the instances' own pages. */
public enum MetricsProviderKind {
    /** The Prometheus HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics). */
    PROMETHEUS,
    /** The instances' own metrics pages, read by the verifier itself. */
    SCRAPE;

    /** The configuration word: {@code prometheus} or {@code scrape}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
