package io.postflight.provider.recorded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.TrafficSeries;
import io.postflight.metrics.VersionRole;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedMetricsProviderTest {

    private static final long DEPLOYED = 10_000;

    private static Scenario.Window traffic(long start, long... requests) {
        long[] errors = new long[requests.length];
        long[][] buckets = new long[requests.length][];
        for (int i = 0; i < requests.length; i++) {
            errors[i] = i;
            buckets[i] = new long[] {requests[i] - 1, 1, 0};
        }
        return new Scenario.Window(start, requests, errors, buckets, null, null, null);
    }

    private static final Scenario CANARY = new Scenario(Scenario.FORMAT, "c1", "canary", 15, DEPLOYED,
            new double[] {50, 500}, null,
            traffic(DEPLOYED - 60, 10, 11, 12, 13),
            traffic(DEPLOYED, 20, 21, 22, 23),
            null);

    private static final Scenario DRIFT = new Scenario(Scenario.FORMAT, "d1", "drift", 60, DEPLOYED, null,
            Map.of("memoryBytes", 4e9), null,
            new Scenario.Window(DEPLOYED, null, null, null, new double[] {1e9, 2e9, 3e9},
                    new double[] {0.1, 0.2, 0.3}, new double[] {5, 6, 7}),
            null);

    private static MetricQuery query(VersionRole role, long from, long to, long step) {
        return new MetricQuery("svc", "env", "v", role, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to),
                Duration.ofSeconds(step));
    }

    @Test
    void servesTheWindowOfTheRoleStepByStep() {
        RecordedMetricsProvider provider = RecordedMetricsProvider.of(CANARY);

        TrafficSeries candidate = provider.traffic(query(VersionRole.CANDIDATE, DEPLOYED, DEPLOYED + 60, 15));
        TrafficSeries baseline = provider.traffic(query(VersionRole.BASELINE, DEPLOYED - 60, DEPLOYED, 15));

        assertThat(candidate.requests()).containsExactly(20, 21, 22, 23);
        assertThat(candidate.errors()).containsExactly(0, 1, 2, 3);
        assertThat(candidate.latencyBuckets()[2]).containsExactly(21, 1, 0);
        assertThat(candidate.bucketBoundsMs()).containsExactly(50, 500);
        assertThat(candidate.present()).containsOnly(true);
        assertThat(baseline.requests()).containsExactly(10, 11, 12, 13);
    }

    @Test
    void coarserStepsSumAndStepsOutsideTheRecordingAreAbsent() {
        RecordedMetricsProvider provider = RecordedMetricsProvider.of(CANARY);

        // 30 s steps from 15 s before the deployment: [-15, 15) half outside, [15, 45), [45, 75) half outside.
        TrafficSeries t = provider.traffic(query(VersionRole.CANDIDATE, DEPLOYED - 15, DEPLOYED + 75, 30));

        assertThat(t.present()).containsExactly(false, true, false);
        assertThat(t.requests()).containsExactly(0, 21 + 22, 0);
        assertThat(t.errors()).containsExactly(0, 3, 0);
        assertThat(t.latencyBuckets()[1]).containsExactly(41, 2, 0);
    }

    @Test
    void missingControlIsNeverSeen() {
        TrafficSeries control = RecordedMetricsProvider.of(CANARY)
                .traffic(query(VersionRole.CONTROL, DEPLOYED, DEPLOYED + 60, 15));

        assertThat(control.steps()).isZero();
    }

    @Test
    void servesDriftGaugesWithTheMemoryLimit() {
        ResourceSeries r = RecordedMetricsProvider.of(DRIFT)
                .resources(query(VersionRole.CANDIDATE, DEPLOYED + 60, DEPLOYED + 240, 60));

        assertThat(r.memoryBytes()).containsExactly(2e9, 3e9, Double.NaN);
        assertThat(r.cpuCores()).containsExactly(0.2, 0.3, Double.NaN);
        assertThat(r.diskBytes()).containsExactly(6, 7, Double.NaN);
        assertThat(r.memoryLimitBytes()).isEqualTo(4e9);
    }

    @Test
    void picksTheScenarioByServiceAndRejectsStepsThatDoNotDivide() {
        RecordedMetricsProvider provider = new RecordedMetricsProvider(Map.of("svc", CANARY));

        assertThat(provider.traffic(query(VersionRole.CANDIDATE, DEPLOYED, DEPLOYED + 30, 15)).requests())
                .containsExactly(20, 21);
        assertThat(provider.traffic(new MetricQuery("other", "env", "v", VersionRole.CANDIDATE,
                Instant.ofEpochSecond(DEPLOYED), Instant.ofEpochSecond(DEPLOYED + 30), Duration.ofSeconds(15)))
                .steps()).isZero();
        assertThatThrownBy(() -> provider.traffic(query(VersionRole.CANDIDATE, DEPLOYED, DEPLOYED + 60, 20)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
