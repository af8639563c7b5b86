package io.postflight.provider.kubernetes.ksm;

import io.postflight.provider.prometheus.PrometheusHttpApi;
import io.postflight.provider.prometheus.RangeResult;
import io.postflight.resilience.CallFailedException;
import io.postflight.resilience.ResilientCalls;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Instant queries through the providers' Prometheus client, each bounded by {@link ResilientCalls}
 * (timeout, retries with backoff, a circuit breaker named {@code target}). The client speaks
 * {@code query_range}; a range whose start is its end is evaluated at that one instant, exactly as
 * {@code /api/v1/query} would be, so no second endpoint is needed.
 */
public final class PrometheusInstantQueries implements InstantQueries {

    private final PrometheusHttpApi api;
    private final ResilientCalls calls;
    private final String target;
    private final Clock clock;

    public PrometheusInstantQueries(PrometheusHttpApi api, ResilientCalls calls, String target, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Series> query(String promql) throws QueryFailedException {
        long now = clock.instant().getEpochSecond();
        List<RangeResult> answer;
        try {
            answer = calls.call(target, () -> api.queryRange(promql, now, now, 1));
        } catch (CallFailedException e) {
            throw new QueryFailedException("Prometheus did not answer (" + e.reason().name().toLowerCase()
                    .replace('_', ' ') + ")", e);
        }
        List<Series> series = new ArrayList<>(answer.size());
        for (RangeResult r : answer) {
            if (r.values().length > 0) {
                series.add(new Series(r.labels(), r.values()[r.values().length - 1]));
            }
        }
        return series;
    }
}
