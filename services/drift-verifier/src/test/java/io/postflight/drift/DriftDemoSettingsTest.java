package io.postflight.drift;

import static io.postflight.drift.DriftHarness.T0;
import static io.postflight.drift.FakeResources.MIB;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerificationStarted;
import io.postflight.provider.source.MetricsProviderKind;
import io.postflight.provider.source.MetricsSource;
import io.postflight.provider.source.PrometheusSource;
import io.postflight.provider.source.ScrapeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift settings proposed for the embedded demo ({@link #DEMO}; {@code DriftPipelineIT} runs
 * the real service with them), run here on a fake source with the demo's numbers: a
 * MEMORY_LEAK target whose resident memory grows steadily from 64 MiB under a 512 MiB limit.
 * The scrape provider has no history of the previous version, so only the memory-limit
 * projection can fail the phase; a steady target must therefore never fail.
 */
class DriftDemoSettingsTest {
    /** The properties for the demo's application-demo.yml (under postflight.drift). */
    static final Map<String, Object> DEMO = Map.ofEntries(
            entry("postflight.drift.metrics.provider", "scrape"),
            entry("postflight.drift.phase-length", "3m"),
            entry("postflight.drift.sample-interval", "1s"),
            entry("postflight.drift.look-interval", "5s"),
            entry("postflight.drift.tick", "250ms"),
            entry("postflight.drift.min-observation", "30s"),
            entry("postflight.drift.block-length", "1s"),
            entry("postflight.drift.season-period", "3m"),
            entry("postflight.drift.min-blocks", 8),
            entry("postflight.drift.memory-limit-horizon", "1h"),
            entry("postflight.drift.metrics.timeout", "500ms"),
            entry("postflight.drift.metrics.attempts", 1),
            entry("postflight.drift.metrics.scrape.interval", "250ms"),
            entry("postflight.drift.metrics.scrape.memory-limit-bytes", 536870912));
    private static final double LIMIT = 512 * MIB;
    /** The version was deployed 5 s before its promotion and has leaked since. */
    private static final Instant DEPLOYED = T0.minusSeconds(5);

    private static DriftConfig config;
    private static MetricsSource metricsSource;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void bind() {
        config = demoConfig();
        metricsSource = demoSource();
    }

    /**
     * {@link #DEMO} as the records Micronaut binds it to (simple durations only: "250ms", "30s",
     * "3m", "1h"). {@code DriftPipelineIT} starts the service with the same map and checks that
     * Micronaut binds it to exactly these.
     */
    static DriftConfig demoConfig() {
        return new DriftConfig(duration("phase-length"), duration("sample-interval"), duration("look-interval"),
                duration("tick"), null, null, duration("min-observation"), duration("block-length"),
                duration("season-period"), (Integer) DEMO.get("postflight.drift.min-blocks"),
                duration("memory-limit-horizon"), null, null, null, null);
    }

    static MetricsSource demoSource() {
        ScrapeSource d = ScrapeSource.DEFAULTS;
        return new MetricsSource(MetricsProviderKind.SCRAPE, duration("metrics.timeout"),
                (Integer) DEMO.get("postflight.drift.metrics.attempts"), MetricsSource.DEFAULT_BACKOFF,
                PrometheusSource.DEFAULTS, new ScrapeSource(d.path(), duration("metrics.scrape.interval"), List.of(),
                d.memoryMetrics(), d.cpuSecondsMetric(), d.diskMetric(), d.versionLabel(),
                ((Integer) DEMO.get("postflight.drift.metrics.scrape.memory-limit-bytes")).doubleValue()));
    }

    private static Duration duration(String property) {
        String v = (String) DEMO.get("postflight.drift." + property);
        long n = Long.parseLong(v.replaceAll("[a-z]+$", ""));
        return switch (v.replaceAll("^[0-9]+", "")) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(v);
        };
    }

    private static FakeResources.Gauges leaking(double mibPerSecond) {
        return t -> new double[] {64 * MIB + Math.max(0, t - DEPLOYED.getEpochSecond()) * mibPerSecond * MIB
                + 0.25 * MIB * FakeResources.noise(t, 9), Double.NaN, Double.NaN};
    }

    private PhaseResult run(FakeResources.Gauges target, Duration until) {
        FakeResources source = new FakeResources().memoryLimit(metricsSource.scrape().memoryLimitBytes()).version("2.0.0", target);
        try (DriftHarness h = new DriftHarness(config, source, stateDir, "drift-demo", DEPLOYED)) {
            VerificationStarted v = DriftHarness.verification(new DeploymentRef("leaky-1", "checkout", "prod", "2.0.0",
                    null, "1.9.0"), DEPLOYED, Phase.HEALTH, Phase.DRIFT);
            h.send(v);
            h.advanceTo(T0);
            h.send(DriftHarness.promote(v, T0));
            h.advanceTo(T0.plus(until));
            List<PhaseResult> results = h.results();
            assertThat(results).hasSize(1);
            return results.get(0);
        }
    }

    @Test
    void theSettingsBindAsIntended() {
        assertThat(metricsSource.provider()).isEqualTo(MetricsProviderKind.SCRAPE);
        assertThat(config.phaseSamples()).isEqualTo(180);
        assertThat(config.policy().scheduledLooks()).isEqualTo(31);
        assertThat(config.policy().alphaPerTest()).isEqualTo(0.01 / (31 * 3));
        assertThat(metricsSource.scrape().config(metricsSource.timeout(), Duration.ofHours(1)).memoryLimitBytes()).isEqualTo(LIMIT);
        assertThat(metricsSource.scrape().config(metricsSource.timeout(), Duration.ofHours(1)).memoryMetrics()).first()
                .isEqualTo("process_resident_memory_bytes");
    }

    @Test
    void aTargetLeakingOneMebibyteASecondFailsThirtySecondsAfterItsPromotion() {
        PhaseResult r = run(leaking(1.0), Duration.ofSeconds(40));
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(30));
        JudgeReplay.Final expected = JudgeReplay.firstFinal(config, leaking(1.0), null, LIMIT, T0);
        assertThat(r.summary()).isEqualTo(expected.verdict().summary()).startsWith("memory leak: memory floor +3.5 GiB/h")
                .contains("no previous version to compare with").contains("limit 512 MiB in under 1 h");
        Evidence memory = r.evidence().get(0);
        assertThat(memory.breached()).isTrue();
        assertThat(memory.figures().get("hoursToLimit")).isBetween(0.09, 0.12); // ~6 min: (512 − 99) MiB at 1 MiB/s
        assertThat(r.evidence().get(4).figures()).containsEntry("samplesPresent", 30.0);
    }

    @Test
    void aSlowerLeakOfAFifthOfAMebibyteASecondFailsWithinFortySeconds() {
        PhaseResult r = run(leaking(0.2), Duration.ofSeconds(40));
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(r.decidedAt()).isBetween(T0.plusSeconds(30), T0.plusSeconds(40));
        assertThat(r.evidence().get(0).figures().get("hoursToLimit")).isLessThan(1.0);
    }

    @Test
    void aSteadyTargetNeverFailsAndEndsInconclusiveWithoutThePreviousVersionsHistory() {
        PhaseResult r = run(leaking(0.0), Duration.ofMinutes(3).plusSeconds(1));
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.decidedAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(r.summary()).isEqualTo("phase over but could not test memory floor (unreferenced)");
    }
}
