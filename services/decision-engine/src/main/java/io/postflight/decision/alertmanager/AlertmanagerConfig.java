package io.postflight.decision.alertmanager;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import io.postflight.resilience.ResiliencePolicy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Forwarding of alerts to Prometheus Alertmanager ({@code postflight.alertmanager.*}). Off by
 * default; when on, start-up fails with a message naming the property if a setting is missing or
 * makes no sense.
 *
 * @param enabled forward {@code postflight.alerts} to Alertmanager
 * @param url Alertmanager's base URL, e.g. {@code http://alertmanager:9093} (a path prefix such as
 *     {@code http://proxy/alertmanager} is kept); {@code /api/v2/alerts} is appended. Required when enabled
 * @param timeout limit of one HTTP request to Alertmanager
 * @param retryAttempts attempts per alert before the delivery counts as failed (1 = no retry)
 * @param retryBackoff wait before the second attempt; doubles with jitter after that
 * @param redeliveryDelay after a failed delivery, how long the alert's partition waits before the
 *     same alert is tried again (it is not committed meanwhile, so a restart retries it too)
 * @param resolveTimeout how long an alert stays firing in Alertmanager: {@code endsAt} is the
 *     decision time plus this (Postflight never resolves a ROLLBACK or HOLD itself). An alert
 *     delivered later than that (a long Alertmanager outage) arrives resolved and pages no one
 * @param labels static labels added to every alert (e.g. {@code team}, {@code cluster}); they may
 *     not redefine the labels Postflight sets
 * @param runbookBaseUrl prefix of the {@code runbook_url} annotation: the repository path by
 *     default, or e.g. {@code https://git.example.com/postflight/blob/main/docs/runbooks/}
 * @param generatorUrl link Alertmanager shows as the alert's source (e.g. the Postflight
 *     dashboard); none when unset
 */
@ConfigurationProperties("postflight.alertmanager")
public record AlertmanagerConfig(
        @Bindable(defaultValue = "false") boolean enabled,
        @Nullable String url,
        @NotNull @Bindable(defaultValue = "5s") Duration timeout,
        @Min(1) @Max(10) @Bindable(defaultValue = "3") int retryAttempts,
        @NotNull @Bindable(defaultValue = "500ms") Duration retryBackoff,
        @NotNull @Bindable(defaultValue = DEFAULT_REDELIVERY_DELAY_TEXT) Duration redeliveryDelay,
        @NotNull @Bindable(defaultValue = "1h") Duration resolveTimeout,
        // RAW: label names are case-sensitive and use underscores, which the default (kebab-case) would rewrite.
        @Nullable @MapFormat(transformation = MapFormat.MapTransformation.FLAT, keyFormat = StringConvention.RAW)
        Map<String, String> labels,
        @NotNull @Bindable(defaultValue = DEFAULT_RUNBOOK_BASE_URL) String runbookBaseUrl,
        @Nullable String generatorUrl) {

    public static final boolean DEFAULT_ENABLED = false;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRY_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);
    public static final String DEFAULT_REDELIVERY_DELAY_TEXT = "30s";
    public static final Duration DEFAULT_REDELIVERY_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofHours(1);
    public static final String DEFAULT_RUNBOOK_BASE_URL = "docs/runbooks/";

    /** Labels Postflight sets on every alert; static labels may not redefine them. */
    public static final Set<String> RESERVED_LABELS = Set.of("alertname", "severity", "service", "environment",
            "version", "deployment_id", "post_promotion");

    /**
     * One delivery (every attempt timing out, plus backoffs) must end well within the Kafka
     * consumer's {@code max.poll.interval.ms} (5 min by default), or the group would evict the
     * notifier while it waits.
     */
    static final Duration MAX_DELIVERY_BUDGET = Duration.ofMinutes(2);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public AlertmanagerConfig {
        // Nulls are left to the @NotNull checks, which name the property.
        positive(timeout, "timeout");
        positive(retryBackoff, "retry-backoff");
        positive(redeliveryDelay, "redelivery-delay");
        positive(resolveTimeout, "resolve-timeout");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        for (String name : labels.keySet()) {
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("postflight.alertmanager.labels: '" + name
                        + "' is not a valid Alertmanager label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
            if (RESERVED_LABELS.contains(name)) {
                throw new IllegalArgumentException("postflight.alertmanager.labels: '" + name
                        + "' is set by Postflight itself and may not be redefined");
            }
        }
        generatorUrl = generatorUrl == null || generatorUrl.isBlank() ? null : generatorUrl;
        if (runbookBaseUrl != null && !runbookBaseUrl.isEmpty() && !runbookBaseUrl.endsWith("/")) {
            runbookBaseUrl = runbookBaseUrl + "/";
        }
        if (enabled) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("postflight.alertmanager.url (env POSTFLIGHT_ALERTMANAGER_URL) is "
                        + "required when postflight.alertmanager.enabled is true, e.g. http://alertmanager:9093");
            }
            URI parsed = parseUrl(url);
            boolean http = "http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme());
            if (!http || parsed.getHost() == null) {
                throw new IllegalArgumentException("postflight.alertmanager.url must be an absolute http(s) URL, was "
                        + url);
            }
            if (timeout != null && retryBackoff != null && retryAttempts >= 1) {
                // The fields are not assigned yet in a compact constructor: build from the parameters.
                Duration worst = policy(timeout, retryAttempts, retryBackoff).worstCase();
                if (worst.compareTo(MAX_DELIVERY_BUDGET) > 0) {
                    throw new IllegalArgumentException("postflight.alertmanager.timeout x retry-attempts (plus backoff)"
                            + " may take " + worst + "; keep it under " + MAX_DELIVERY_BUDGET);
                }
            }
        }
    }

    /** Forwarding off, as when nothing is configured. */
    public static AlertmanagerConfig disabled() {
        return new AlertmanagerConfig(false, null, DEFAULT_TIMEOUT, DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_BACKOFF,
                DEFAULT_REDELIVERY_DELAY, DEFAULT_RESOLVE_TIMEOUT, Map.of(), DEFAULT_RUNBOOK_BASE_URL, null);
    }

    /** Forwarding on, to {@code url}, with the other settings at their defaults. */
    public static AlertmanagerConfig of(String url) {
        return new AlertmanagerConfig(true, url, DEFAULT_TIMEOUT, DEFAULT_RETRY_ATTEMPTS, DEFAULT_RETRY_BACKOFF,
                DEFAULT_REDELIVERY_DELAY, DEFAULT_RESOLVE_TIMEOUT, Map.of(), DEFAULT_RUNBOOK_BASE_URL, null);
    }

    /** Alertmanager's alert endpoint: {@code url} with {@code /api/v2/alerts} appended. */
    public URI alertsEndpoint() {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return parseUrl(base + "/api/v2/alerts");
    }

    /** How one delivery is bounded: timeout per attempt, attempts, backoff; default breaker. */
    public ResiliencePolicy policy() {
        return policy(timeout, retryAttempts, retryBackoff);
    }

    private static ResiliencePolicy policy(Duration timeout, int attempts, Duration backoff) {
        return ResiliencePolicy.defaults().withTimeout(timeout).withRetry(attempts, backoff);
    }

    private static URI parseUrl(String url) {
        try {
            return URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("postflight.alertmanager.url is not a URL: " + url, e);
        }
    }

    private static void positive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("postflight.alertmanager." + name + " must be positive, was " + d);
        }
    }
}
