package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.health.HealthPolicy;
import io.postflight.judge.pod.PodStatusPolicy;
import io.postflight.testing.NoBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code postflight.health.pods.*}: bound, applied to the judge's policy, defaults kept where unset, bad values named. */
class HealthPodsConfigTest {

    private static Map<String, Object> base() {
        return NoBroker.properties();
    }

    private static HealthPodsConfig bind(Map<String, Object> props) {
        try (ApplicationContext ctx = ApplicationContext.builder(HealthVerifierApplication.ENVIRONMENT)
                .properties(props).deduceEnvironment(false).start()) {
            return ctx.getBean(HealthPodsConfig.class);
        }
    }

    @Test
    void configuredKnobsReachThePolicyAndTheRestKeepTheJudgesDefaults() {
        Map<String, Object> props = base();
        props.put("postflight.health.pods.on-not-ready", "FAILED");
        props.put("postflight.health.pods.max-restarts", 4);
        props.put("postflight.health.pods.unschedulable-grace", "5m");

        HealthPolicy p = bind(props).applyTo(HealthPolicy.defaults());

        assertThat(p.onNotReady()).isEqualTo(JudgeStatus.FAILED);
        assertThat(p.podStatus()).isEqualTo(new PodStatusPolicy(4, PodStatusPolicy.DEFAULT_WAITING_GRACE,
                Duration.ofMinutes(5)));
        assertThat(p.latePodGrace()).isEqualTo(HealthPolicy.DEFAULT_LATE_POD_GRACE);
        assertThat(p.passAfterConsecutiveHealthy()).isEqualTo(HealthPolicy.DEFAULT_PASS_AFTER_CONSECUTIVE_HEALTHY);

        assertThat(bind(props).httpProbesOfPods()).isTrue();
        props.put("postflight.health.pods.http-probes", false);
        assertThat(bind(props).httpProbesOfPods()).isFalse();

        HealthPolicy none = HealthPodsConfig.defaults().applyTo(HealthPolicy.defaults());
        assertThat(none).isEqualTo(HealthPolicy.defaults());
    }

    @Test
    void aBadValueIsRefusedNamingTheProperty() {
        // Binding goes through this constructor; StartupValidationTest shows a refusal stops start-up.
        assertThatThrownBy(() -> new HealthPodsConfig("PASSED", null, null, null, null, null))
                .hasMessage("postflight.health.pods.on-not-ready must be INCONCLUSIVE or FAILED, was PASSED");
        assertThatThrownBy(() -> new HealthPodsConfig(null, null, 0, null, null, null))
                .hasMessage("postflight.health.pods.max-restarts must be at least 1, was 0");
        assertThatThrownBy(() -> new HealthPodsConfig(null, null, null, Duration.ofSeconds(-1), null, null))
                .hasMessage("postflight.health.pods.waiting-grace must not be negative, was PT-1S");
        assertThatThrownBy(() -> new HealthPodsConfig(null, Duration.ofSeconds(-1), null, null, null, null))
                .hasMessageStartingWith("postflight.health.pods.late-pod-grace must not be negative");
        assertThatThrownBy(() -> new HealthPodsConfig(null, null, null, null, Duration.ofSeconds(-1), null))
                .hasMessageStartingWith("postflight.health.pods.unschedulable-grace must not be negative");
        assertThat(new HealthPodsConfig("INCONCLUSIVE", Duration.ZERO, 1, Duration.ZERO, Duration.ZERO, null)
                .applyTo(HealthPolicy.defaults()).podStatus().maxRestarts()).isEqualTo(1);
    }
}
