package io.postflight.backtest;

import io.postflight.judge.baseline.TrafficFixture;
import io.postflight.metrics.TrafficSeries;
import io.postflight.provider.recorded.Scenario;

/** Builds canary scenarios in the recorded format from {@link TrafficFixture} series. */
final class CanaryScenarios {

    private CanaryScenarios() {
    }

    static Scenario canary(String id, TrafficFixture.Shape candidate, TrafficFixture.Shape previous,
                           TrafficFixture.Shape control) {
        return new Scenario(Scenario.FORMAT, id, "canary", TrafficFixture.STEP, TrafficFixture.DEPLOYED_AT,
                TrafficFixture.BOUNDS, null,
                window(TrafficFixture.baseline(previous, 11)),
                window(TrafficFixture.atDeploy(candidate, 12)),
                control == null ? null : window(TrafficFixture.atDeploy(control, 13)));
    }

    private static Scenario.Window window(TrafficSeries s) {
        return new Scenario.Window(s.startEpochSeconds(), s.requests(), s.errors(), s.latencyBuckets(),
                null, null, null);
    }
}
