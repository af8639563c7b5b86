package io.postflight.health;

import io.postflight.targets.TargetPolicy;
import io.postflight.targets.TargetPolicyConfig;
import java.time.Duration;

/** Settings for the probe tests: short timeouts, the production defaults otherwise. */
final class TestConfigs {
    private TestConfigs() {
    }

    static HealthConfig health(Duration timeout, int attempts, int maxConcurrentProbes, int queueCapacity) {
        return health(timeout, attempts, maxConcurrentProbes, queueCapacity, Duration.ofMillis(500));
    }

    static HealthConfig health(Duration timeout, int attempts, int maxConcurrentProbes, int queueCapacity,
                               Duration starvationThreshold) {
        return new HealthConfig("/health/live", "/health/ready", Duration.ofSeconds(10), timeout, attempts,
                Duration.ofMillis(50), 3, 3, 3, Duration.ofMinutes(5), Duration.ofMillis(100), 2000,
                Duration.ofHours(2), maxConcurrentProbes, queueCapacity, 2, starvationThreshold, 2);
    }

    /** The tests' targets live on loopback, which they allow in their own configuration. */
    static TargetPolicy loopbackAllowed() {
        return new TargetPolicy(TargetPolicyConfig.loopbackAllowed());
    }
}
