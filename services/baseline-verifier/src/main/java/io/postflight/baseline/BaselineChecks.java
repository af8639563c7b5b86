package io.postflight.baseline;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.postflight.judge.baseline.MetricCheck;
import io.postflight.metrics.CheckMetricsProvider.CheckSource;
import io.postflight.provider.source.MetricsProviderKind;
import io.postflight.provider.source.MetricsSource;
import io.postflight.provider.source.MetricsSourceBinder;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The baseline phase's checks beyond error rate and latency, validated at start-up against the
 * metrics source (a Prometheus source needs each check's {@code query}, a scrape source its
 * {@code metric}): the built-in throughput check and the configured custom checks.
 */
@Context
@Requires(env = BaselineVerifierApplication.ENVIRONMENT)
public class BaselineChecks {

    /** A configured check with what to fetch for it. */
    public record Custom(BaselineCheckConfig config, MetricCheck check, CheckSource source) {
    }

    private final MetricCheck throughput;
    private final List<Custom> custom;

    @Inject
    public BaselineChecks(BaselineThroughputConfig throughput, List<BaselineCheckConfig> checks,
                          Environment environment, BaselineConfig config) {
        this(throughput.check(), checks, MetricsSourceBinder.bind(environment, BaselineMetricsSource.PREFIX),
                (int) (config.window().toSeconds() / config.step().toSeconds()));
    }

    /** @param windowSteps steps in the configured window: no check may need more to say anything */
    public BaselineChecks(MetricCheck throughput, List<BaselineCheckConfig> checks, MetricsSource source,
                          int windowSteps) {
        this.throughput = throughput;
        if (throughput != null && throughput.minSteps() > windowSteps) {
            throw new IllegalArgumentException("postflight.baseline.throughput.min-steps (" + throughput.minSteps()
                    + ") is more than the window's " + windowSteps + " steps");
        }
        List<Custom> list = new ArrayList<>();
        for (BaselineCheckConfig c : checks) {
            MetricCheck check = c.check();
            String key = "postflight.baseline.checks." + c.name();
            if (check.minSteps() > windowSteps) {
                throw new IllegalArgumentException(key + ".min-steps (" + check.minSteps() + ") is more than the"
                        + " window's " + windowSteps + " steps: the check could never let a window pass");
            }
            boolean prometheus = source.provider() == MetricsProviderKind.PROMETHEUS;
            if (prometheus && (c.query() == null || c.query().isBlank())) {
                throw new IllegalArgumentException(key + ".query: the metrics source is Prometheus, give the check"
                        + " a PromQL query");
            }
            if (prometheus && !c.query().contains("{selector}") && !c.query().contains("{version}")) {
                throw new IllegalArgumentException(key + ".query: name the version, with {selector} or {version}:"
                        + " without it every version reads the same series and the check compares nothing");
            }
            if (!prometheus && (c.metric() == null || c.metric().isBlank())) {
                throw new IllegalArgumentException(key + ".metric: the metrics source scrapes the instances, give"
                        + " the check a metric name");
            }
            list.add(new Custom(c, check, new CheckSource(c.name(), c.query(), c.metric(), c.counter())));
        }
        this.custom = List.copyOf(list);
    }

    /** No throughput check, no custom check: error rate and latency only. */
    public static BaselineChecks none() {
        return new BaselineChecks(null, List.of(), MetricsSource.DEFAULTS, Integer.MAX_VALUE);
    }

    /** The throughput check, or {@code null} when off. */
    public MetricCheck throughput() {
        return throughput;
    }

    /** The custom checks of a deployment of {@code service} in {@code environment}. */
    public List<Custom> forSlot(String service, String environment) {
        return custom.stream().filter(c -> c.config().appliesTo(service, environment)).toList();
    }

    /** The metric names a scrape source must keep for the custom checks. */
    public Set<String> scrapedMetrics() {
        Set<String> names = new TreeSet<>();
        custom.forEach(c -> {
            if (c.config().metric() != null && !c.config().metric().isBlank()) {
                names.add(c.config().metric());
            }
        });
        return names;
    }
}
