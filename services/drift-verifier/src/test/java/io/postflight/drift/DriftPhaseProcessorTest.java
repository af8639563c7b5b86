package io.postflight.drift;

import static io.postflight.drift.DriftHarness.T0;
import static io.postflight.drift.DriftHarness.deployment;
import static io.postflight.drift.DriftHarness.promote;
import static io.postflight.drift.DriftHarness.verification;
import static io.postflight.drift.FakeResources.GIB;
import static io.postflight.drift.FakeResources.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.VersionRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift topology in Kafka's test driver, with a fake metrics source on the simulated wall clock. */
class DriftPhaseProcessorTest {
    private static final DeploymentRef D1 = deployment("d1", "2.0.0", "1.9.0");
    private static final Duration PHASE = Duration.ofHours(6);
    /** Production settings with a 6-hour phase and a one-minute tick (the tick only sets the pace). */
    private static final DriftConfig SIX_HOURS = DriftConfig.defaults()
            .withTimings(PHASE, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(1));

    @TempDir
    Path stateDir;
    private DriftHarness h;

    private DriftHarness start(DriftConfig config, FakeResources source) {
        h = new DriftHarness(config, source, stateDir, "drift-test", T0.minus(Duration.ofMinutes(30)));
        return h;
    }

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    /** Verification at T0 − 30 min, PROMOTE at T0. */
    private VerificationStarted promoted(DeploymentRef d) {
        VerificationStarted v = verification(d, h.now(), Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);
        h.send(v);
        h.advanceTo(T0);
        h.send(promote(v, T0));
        return v;
    }

    private static Evidence evidence(PhaseResult r, String check) {
        return r.evidence().stream().filter(e -> e.check().equals(check)).findFirst().orElseThrow();
    }

    @Test
    void aLeakingVersionFailsAtTheFirstLookWhereTheJudgeSeesItWithTheJudgesEvidence() {
        DriftConfig day = DriftConfig.defaults().withTimings(Duration.ofHours(24), Duration.ofMinutes(1),
                Duration.ofMinutes(15), Duration.ofMinutes(1));
        FakeResources.Gauges leak = FakeResources.leaking(FakeResources.steady(2), T0, 60);
        FakeResources source = new FakeResources().memoryLimit(2 * GIB)
                .version("1.9.0", FakeResources.steady(1)).version("2.0.0", leak);
        JudgeReplay.Final expected = JudgeReplay.firstFinal(day, leak, FakeResources.steady(1), 2 * GIB, T0);
        start(day, source);
        promoted(D1);
        h.advanceTo(expected.at(T0).minusSeconds(60));
        assertThat(h.results()).isEmpty();
        h.advanceTo(expected.at(T0));
        List<PhaseResult> results = h.results();
        assertThat(results).hasSize(1);
        PhaseResult r = results.get(0);
        assertThat(r.phase()).isEqualTo(Phase.DRIFT);
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(r.startedAt()).isEqualTo(T0);
        assertThat(r.decidedAt()).isEqualTo(expected.at(T0));
        assertThat(r.deployEvent().id()).isEqualTo("ev-d1");
        // Exactly what the judge says given every sample: none lost, none shifted.
        assertThat(r.summary()).isEqualTo(expected.verdict().summary());
        assertThat(r.evidence().subList(0, 4)).isEqualTo(expected.verdict().evidence());
        assertThat(r.summary()).startsWith("memory leak: memory floor +")
                .contains("relative to the previous version at the same time of day").contains("limit 2 GiB in");
        Evidence memory = evidence(r, "memory-trend");
        assertThat(memory.breached()).isTrue();
        assertThat(memory.figures().get("slopePerHour")).isCloseTo(60 * MIB, within(6 * MIB));
        assertThat(memory.figures().get("limitBytes")).isEqualTo(2 * GIB);
        // the projection: what is left below the limit at the latest peak, at the measured slope
        assertThat(memory.figures().get("hoursToLimit")).isCloseTo(
                (2 * GIB - memory.figures().get("peakBytes")) / memory.figures().get("slopePerHour"), within(1e-9));
        assertThat(evidence(r, "cpu-trend").breached()).isFalse();
        Evidence samples = evidence(r, "drift-samples");
        double expectedSamples = expected.lookSeconds() / 60.0;
        assertThat(samples.figures()).containsEntry("samplesExpected", expectedSamples)
                .containsEntry("samplesPresent", expectedSamples);
        assertThat(samples.labels()).containsEntry("provider", "fake").containsEntry("baseline", "stored");
        // Finished: nothing more is published or fetched, the samples are gone.
        int asked = source.queries().size();
        h.advanceTo(T0.plus(Duration.ofHours(26)));
        assertThat(h.results()).isEmpty();
        assertThat(source.queries()).hasSize(asked);
        assertThat(source.intoTheFuture()).isEmpty();
        assertThat(h.watches().get(DriftHarness.SLOT).stage()).isEqualTo(DriftWatch.Stage.FINISHED);
        assertThat(h.sampleKeys()).isEmpty();
    }

    @Test
    void aSteadyVersionPassesAtTheEndOfThePhaseAndNotBefore() {
        FakeResources source = new FakeResources().memoryLimit(2 * GIB)
                .version("1.9.0", FakeResources.steady(1)).version("2.0.0", FakeResources.steady(2));
        start(SIX_HOURS, source);
        promoted(D1);
        h.advanceTo(T0.plus(PHASE).minusSeconds(60));
        assertThat(h.results()).isEmpty();
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofHours(1)));
        List<PhaseResult> results = h.results();
        assertThat(results).hasSize(1);
        PhaseResult r = results.get(0);
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(r.decidedAt()).isEqualTo(T0.plus(PHASE));
        assertThat(r.summary()).isEqualTo("no significant, relevant upward trend in memory, CPU or disk over 6 h");
        assertThat(r.evidence()).extracting(Evidence::check)
                .containsExactly("memory-trend", "cpu-trend", "disk-trend", "memory-limit", "drift-samples");
        assertThat(evidence(r, "drift-samples").figures()).containsEntry("samplesPresent", 360.0);
        // One query for the previous version's day before the phase, one per sample after.
        List<MetricQuery> qs = source.queries();
        assertThat(qs.get(0).role()).isEqualTo(VersionRole.BASELINE);
        assertThat(qs.get(0).version()).isEqualTo("1.9.0");
        assertThat(qs.get(0).from()).isEqualTo(T0.minus(Duration.ofHours(24)));
        assertThat(qs.get(0).to()).isEqualTo(T0);
        assertThat(qs.subList(1, qs.size())).hasSize(360).allSatisfy(q -> {
            assertThat(q.role()).isEqualTo(VersionRole.CANDIDATE);
            assertThat(q.version()).isEqualTo("2.0.0");
            assertThat(Duration.between(q.from(), q.to())).isEqualTo(Duration.ofMinutes(1));
        });
        assertThat(source.intoTheFuture()).isEmpty();
    }

    @Test
    void aSourceThatGoesDownForGoodMakesThePhaseInconclusiveNeverPassed() {
        Instant outage = T0.plus(Duration.ofHours(2));
        FakeResources source = new FakeResources().version("1.9.0", FakeResources.steady(1))
                .version("2.0.0", FakeResources.steady(2)).downWhen(t -> t.isAfter(outage));
        start(SIX_HOURS, source);
        promoted(D1);
        // The last look waits up to one look interval for its samples, then judges what there is.
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofMinutes(14)));
        assertThat(h.results()).isEmpty();
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofMinutes(16)));
        List<PhaseResult> results = h.results();
        assertThat(results).hasSize(1);
        PhaseResult r = results.get(0);
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.decidedAt()).isEqualTo(T0.plus(PHASE).plus(Duration.ofMinutes(15)));
        assertThat(r.summary()).startsWith("phase over but could not test memory floor (insufficient)")
                .contains("metrics source unavailable since 2026-11-22T12:01:00Z: fake: fake source down at");
        Evidence samples = evidence(r, "drift-samples");
        assertThat(samples.figures()).containsEntry("samplesExpected", 360.0).containsEntry("samplesPresent", 120.0);
        assertThat(samples.labels()).containsEntry("failingSince", "2026-11-22T12:01:00Z");
        // While down, the verifier asked once per sample interval, not once per tick or faster.
        long askedWhileDown = source.queries().stream().filter(q -> q.role() == VersionRole.CANDIDATE
                && !q.from().isBefore(T0.plus(Duration.ofHours(2)))).count();
        assertThat(askedWhileDown).isBetween(240L, 260L);
    }

    @Test
    void samplesMissedDuringAnOutageAreFetchedWhenTheSourceIsBack() {
        Instant from = T0.plus(Duration.ofHours(1));
        Instant to = T0.plus(Duration.ofMinutes(90));
        FakeResources source = new FakeResources().version("1.9.0", FakeResources.steady(1))
                .version("2.0.0", FakeResources.steady(2)).downWhen(t -> t.isAfter(from) && t.isBefore(to));
        start(SIX_HOURS, source);
        promoted(D1);
        h.advanceTo(to.minusSeconds(60));
        DriftWatch during = h.watches().get(DriftHarness.SLOT);
        assertThat(during.samples()).isEqualTo(60);
        assertThat(during.failingSince()).isEqualTo(T0.plus(Duration.ofMinutes(61)));
        h.advanceTo(to);
        DriftWatch after = h.watches().get(DriftHarness.SLOT);
        assertThat(after.samples()).isEqualTo(90);
        assertThat(after.failingSince()).isNull();
        h.advanceTo(T0.plus(PHASE));
        PhaseResult r = h.results().get(0);
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(evidence(r, "drift-samples").figures()).containsEntry("samplesPresent", 360.0);
    }

    @Test
    void aNewDeploymentOfTheSlotStopsTheWatchOfTheOldOne() {
        DeploymentRef d2 = deployment("d2", "2.0.1", "2.0.0");
        FakeResources source = new FakeResources().version("1.9.0", FakeResources.steady(1))
                .version("2.0.0", FakeResources.steady(2)).version("2.0.1", FakeResources.steady(3));
        start(SIX_HOURS, source);
        VerificationStarted v1 = promoted(D1);
        h.advanceTo(T0.plus(Duration.ofHours(1)));
        VerificationStarted v2 = verification(d2, h.now(), Phase.HEALTH, Phase.DRIFT);
        h.send(v2);
        assertThat(h.watches().get(DriftHarness.SLOT).deploymentId()).isEqualTo("d2");
        assertThat(h.sampleKeys()).isEmpty();
        h.send(promote(v1, T0)); // a late re-delivery of the old PROMOTE starts nothing
        h.advanceTo(T0.plus(Duration.ofHours(2)));
        h.send(promote(v2, h.now()));
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofHours(3)));
        List<PhaseResult> results = h.results();
        assertThat(results).extracting(r -> r.deployment().deploymentId()).containsExactly("d2");
        assertThat(results.get(0).startedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(source.queries()).filteredOn(q -> q.role() == VersionRole.CANDIDATE && q.version().equals("2.0.0")
                && !q.to().isBefore(T0.plus(Duration.ofHours(1)).plusSeconds(1))).isEmpty();
        assertThat(h.registry.get("postflight.records.ignored").tag("why", "superseded").counter().count())
                .isEqualTo(1.0);
        assertThat(h.registry.get("postflight.records.ignored").tag("why", "not-awaiting-drift").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void onlyAPromoteOfADeploymentPlanningADriftPhaseStartsOneAndOnlyOnce() {
        FakeResources source = new FakeResources().version("1.9.0", FakeResources.steady(1))
                .version("2.0.0", FakeResources.steady(2));
        start(SIX_HOURS, source);
        VerificationStarted healthOnly = verification(D1, h.now(), Phase.HEALTH);
        h.send(healthOnly);
        h.send(promote(healthOnly, h.now()));
        assertThat(h.watches().get(DriftHarness.SLOT)).isNull();
        VerificationStarted v = verification(deployment("d2", "2.0.0", "1.9.0"), h.now(), Phase.HEALTH, Phase.DRIFT);
        h.send(v);
        h.send(promote(v, h.now()));
        h.send(promote(v, h.now())); // re-delivered
        h.advanceTo(h.now().plus(PHASE).plus(Duration.ofMinutes(1)));
        assertThat(h.results()).hasSize(1);
        h.send(promote(v, h.now())); // re-delivered after the phase
        h.advanceTo(h.now().plus(PHASE));
        assertThat(h.results()).isEmpty();
        assertThat(h.registry.get("postflight.records.duplicates").counter().count()).isEqualTo(2.0);
    }

    @Test
    void unreadableRecordsAreDeadLetteredWithTheReasonAndProcessingContinues() {
        FakeResources source = new FakeResources().version("1.9.0", FakeResources.steady(1))
                .version("2.0.0", FakeResources.steady(2));
        start(SIX_HOURS, source);
        h.sendRaw(Topics.DECISIONS.name(), "{not json".getBytes(StandardCharsets.UTF_8));
        h.sendRaw(Topics.DECISIONS.name(), "{\"schema\":\"postflight.decision/1\",\"kind\":\"PROMOTE\",\"postPromotion\":false}"
                .getBytes(StandardCharsets.UTF_8));
        h.sendRaw(Topics.VERIFICATIONS.name(), ("{\"schema\":\"postflight.verdict/1\",\"deployment\":{\"deploymentId\":"
                + "\"x\",\"service\":\"s\",\"environment\":\"e\",\"version\":\"1\"},\"startedAt\":\"2026-11-22T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));
        List<TestRecord<String, byte[]>> dead = h.deadLetters();
        assertThat(dead).extracting(d -> header(d, Topics.DLQ_REASON))
                .containsExactly("NOT_JSON", "SCHEMA_INVALID", "UNKNOWN_TYPE");
        assertThat(dead).extracting(d -> header(d, Topics.DLQ_SOURCE_TOPIC)).containsExactly(
                Topics.DECISIONS.name(), Topics.DECISIONS.name(), Topics.VERIFICATIONS.name());
        assertThat(dead).extracting(d -> header(d, Topics.DLQ_CONSUMER)).containsOnly("drift-verifier");
        assertThat(header(dead.get(1), Topics.DLQ_DETAIL)).contains("deployment");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(h.registry.get("postflight.records.deadlettered").tag("reason", "NOT_JSON").counter().count())
                .isEqualTo(1.0);
        promoted(D1);
        h.advanceTo(T0.plus(PHASE));
        assertThat(h.results()).extracting(PhaseResult::outcome).containsExactly(PhaseOutcome.PASSED);
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
