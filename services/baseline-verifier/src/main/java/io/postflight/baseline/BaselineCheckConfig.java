package io.postflight.baseline;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.judge.baseline.MetricCheck;
import java.util.List;
import java.util.Locale;

/**
 * One custom check of the baseline phase ({@code postflight.baseline.checks.<name>.*}): a series
 * per version, judged against the previous version (or the control) with a tolerance, or against
 * an absolute bound. Which of {@code query} and {@code metric} is needed depends on the metrics
 * source: PromQL for Prometheus, a metric name for scraping. docs/checks.md has examples.
 *
 * @param name the check's name (lower-case, digits, dashes), as the evidence names it
 * @param words what the series is, in the evidence ("orders per minute")
 * @param query PromQL template (placeholders as the traffic queries': {@code {selector}},
 *     {@code {service}}, {@code {environment}}, {@code {version}}, {@code {rateRange}})
 * @param metric metric name on the instances' pages (scrape source)
 * @param counter whether {@code metric} is a counter (per-minute increase) or a gauge
 * @param perRequest divide each step's value by the version's requests in it (compares versions
 *     serving different shares of the traffic, beside a control)
 * @param direction {@code lower-is-worse} or {@code higher-is-worse}
 * @param tolerance relative change tolerated in the bad direction (0.2 = 20 %)
 * @param bound absolute limit instead of a tolerance
 * @param minSteps steps with data needed before the check can let a window pass
 * @param services the services it applies to; none: all
 * @param environments the environments it applies to; none: all
 */
@EachProperty("postflight.baseline.checks")
public record BaselineCheckConfig(@Parameter String name, @Nullable String words, @Nullable String query,
                                  @Nullable String metric, @Bindable(defaultValue = "true") boolean counter,
                                  @Bindable(defaultValue = "false") boolean perRequest, @Nullable String direction,
                                  @Nullable Double tolerance, @Nullable Double bound,
                                  @Bindable(defaultValue = "5") int minSteps, @Nullable List<String> services,
                                  @Nullable List<String> environments) {

    public BaselineCheckConfig {
        services = services == null ? List.of() : List.copyOf(services);
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    /** The judge's check; throws naming the property when the configuration makes no sense. */
    public MetricCheck check() {
        String key = "postflight.baseline.checks." + name;
        if (direction == null || direction.isBlank()) {
            throw new IllegalArgumentException(key + ".direction: lower-is-worse or higher-is-worse");
        }
        MetricCheck.Direction d;
        try {
            d = MetricCheck.Direction.valueOf(direction.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ".direction: lower-is-worse or higher-is-worse, not " + direction);
        }
        try {
            return new MetricCheck(name, words, d, tolerance, bound, minSteps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** Whether the check applies to a deployment of {@code service} in {@code environment}. */
    public boolean appliesTo(String service, String environment) {
        return (services.isEmpty() || services.contains(service))
                && (environments.isEmpty() || environments.contains(environment));
    }
}
