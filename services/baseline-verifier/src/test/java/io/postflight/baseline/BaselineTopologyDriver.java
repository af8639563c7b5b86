package io.postflight.baseline;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationPolicy;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.judge.baseline.BaselinePolicy;
import io.postflight.judge.baseline.FastChecks;
import io.postflight.judge.schedule.BaselineSchedule;
import io.postflight.judge.schedule.FastCheckSchedule;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.RecordMetrics;
import io.postflight.metrics.TrafficMetricsProvider;
import io.postflight.testing.AuditedOverrides;
import io.postflight.testing.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The baseline topology in Kafka's test driver, with a simulated wall clock starting at {@link #T0}:
 * a 10-minute window at 1-minute steps, looks every minute, first look 2 minutes after the
 * deployment at the earliest, phase over 15 minutes after it, 3 failed looks in a row allowed.
 */
final class BaselineTopologyDriver implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Duration TICK = Duration.ofSeconds(5);
    static final Duration MAX_EXTENSION = Duration.ofMinutes(10);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> verifications;
    private final TestInputTopic<String, byte[]> phaseResults;
    private final TestOutputTopic<String, byte[]> results;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final TopologyFixture fixture;
    /** Simulated time since T0. */
    private Duration clock = Duration.ZERO;

    BaselineTopologyDriver(TrafficMetricsProvider traffic, VersionWatch watch) {
        BaselineJudge judge = new BaselineJudge(BaselinePolicy.DEFAULT.withWindow(Duration.ofMinutes(10)));
        BaselineLookSchedule schedule = new BaselineLookSchedule(new BaselineSchedule(Duration.ofMinutes(2),
                Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(60),
                MAX_EXTENSION, FastCheckSchedule.DEFAULT), 3, TICK, Duration.ofSeconds(30));
        // A direct executor: each look's fetch completes at once, so tests are deterministic; it is
        // still judged on the next tick, as a fetch on another thread would be.
        fixture = TopologyFixture.start("baseline-test", T0,
                b -> BaselinePhaseProcessor.topology().build(b, () -> new BaselinePhaseProcessor(judge, new FastChecks(), traffic, Runnable::run, watch, schedule,
                new RecordMetrics(new SimpleMeterRegistry()))));
        driver = fixture.driver();
        verifications = fixture.input(Topics.VERIFICATIONS);
        phaseResults = fixture.input(Topics.PHASE_RESULTS);
        results = fixture.output(Topics.PHASE_RESULTS);
        deadLetters = fixture.output(Topics.DEAD_LETTER);
    }

    /** Announces deployment {@code id} of {@code version} (replacing {@code previous}) now. */
    VerificationStarted deploy(String id, String version, String previous) {
        return deploy(id, version, previous, null);
    }

    /** Announces deployment {@code id} now, under {@code policy} ({@code null}: none carried). */
    VerificationStarted deploy(String id, String version, String previous, VerificationPolicy policy) {
        Instant now = T0.plus(clock);
        DeploymentRef d = new DeploymentRef(id, "checkout", "prod", version, null, previous);
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED,
                List.of(new Target(id + "-a", "http://" + id + "-a:8080")), List.of(Phase.HEALTH, Phase.BASELINE),
                now, new EventRef("ev-" + id, "/cd", "t", now), policy);
        verifications.pipeInput(d.slot(), JsonSerde.toBytes(v));
        return v;
    }

    /** Publishes the deployment's HEALTH result now. */
    void health(VerificationStarted v, PhaseOutcome outcome) {
        PhaseResult r = new PhaseResult(null, v.deployment(), Phase.HEALTH, outcome, "health " + outcome, List.of(),
                v.startedAt(), T0.plus(clock), v.deployEvent());
        phaseResults.pipeInput(v.deployment().slot(), JsonSerde.toBytes(r));
    }

    /** Pipes the decision engine's audit record of an override now. */
    void audit(AuditRecord audit) {
        AuditedOverrides.pipe(fixture, audit);
    }

    void pipeVerification(String key, byte[] value) {
        verifications.pipeInput(key, value);
    }

    void pipePhaseResult(String key, byte[] value) {
        phaseResults.pipeInput(key, value);
    }

    /** Lets simulated time pass one tick at a time, as a real wall clock would. */
    void advance(Duration total) {
        for (long s = 0; s < total.toSeconds(); s += TICK.toSeconds()) {
            driver.advanceWallClockTime(TICK);
            clock = clock.plus(TICK);
        }
    }

    /** The BASELINE results published since the last call. */
    List<PhaseResult> baselineResults() {
        return results.readRecordsToList().stream().map(BaselineTopologyDriver::read)
                .filter(r -> r.phase() == Phase.BASELINE).toList();
    }

    /** The verifier's store, as the changelog would restore it. */
    org.apache.kafka.streams.state.KeyValueStore<String, BaselineVerification> store() {
        return driver.getKeyValueStore(BaselinePhaseProcessor.STORE);
    }

    List<TestRecord<String, byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    private static PhaseResult read(TestRecord<String, byte[]> r) {
        try {
            return Json.MAPPER.readValue(r.value(), PhaseResult.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
