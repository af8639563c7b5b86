package io.postflight.provider.source;

import io.postflight.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Where one phase reads its metrics, in the one shape every phase shares
 * ({@code postflight.<phase>.metrics.*}, bound by {@link MetricsSourceBinder}; documented in
 * docs/configuration.md). The defaults are written here and nowhere else.
 *
 * @param provider which provider serves the phase
 * @param timeout limit of one request (one Prometheus query, one page scrape)
 * @param attempts attempts per request, with exponential backoff and jitter
 * @param backoff wait before the second attempt
 * @param prometheus the {@code prometheus} provider's settings
 * @param scrape the {@code scrape} provider's settings
 */
public record MetricsSource(MetricsProviderKind provider, Duration timeout, int attempts, Duration backoff,
                            PrometheusSource prometheus, ScrapeSource scrape) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);
    public static final MetricsSource DEFAULTS = new MetricsSource(MetricsProviderKind.PROMETHEUS, DEFAULT_TIMEOUT,
            DEFAULT_ATTEMPTS, DEFAULT_BACKOFF, PrometheusSource.DEFAULTS, ScrapeSource.DEFAULTS);

    public MetricsSource {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(prometheus, "prometheus");
        Objects.requireNonNull(scrape, "scrape");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
        }
        if (backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("backoff must be positive: " + backoff);
        }
        if (scrape.interval().isNegative() || scrape.interval().isZero()) {
            throw new IllegalArgumentException("scrape.interval must be positive: " + scrape.interval());
        }
    }

    /** Bounds of each request: timeout, retries with backoff, circuit breaker. */
    public ResiliencePolicy resilience() {
        return ResiliencePolicy.defaults().withTimeout(timeout).withRetry(attempts, backoff);
    }

    /** This source with another provider (tests and the all-in-one launcher). */
    public MetricsSource withProvider(MetricsProviderKind newProvider) {
        return new MetricsSource(newProvider, timeout, attempts, backoff, prometheus, scrape);
    }
}
