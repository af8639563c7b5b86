package io.postflight.drift;

import static io.postflight.drift.DriftHarness.SLOT;
import static io.postflight.drift.DriftHarness.T0;
import static io.postflight.drift.DriftHarness.deployment;
import static io.postflight.drift.DriftHarness.promote;
import static io.postflight.drift.DriftHarness.verification;
import static io.postflight.drift.FakeResources.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.metrics.ResourceSeries;
import io.postflight.testing.AuditedOverrides;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators' overrides as the drift verifier applies them: only those the decision engine applied
 * (its audit records); an ABORT before the promotion means no drift phase; an EXTEND of DRIFT, before
 * or after the PROMOTE, lengthens the watch once per override id.
 */
class DriftOverridesTest {
    private static final DeploymentRef D1 = deployment("d1", "2.0.0", "1.9.0");
    private static final Duration PHASE = Duration.ofHours(6);
    private static final DriftConfig SIX_HOURS = DriftConfig.defaults()
            .withTimings(PHASE, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(1));

    @TempDir
    Path stateDir;
    private DriftHarness h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    private VerificationStarted started() {
        FakeResources source = new FakeResources().memoryLimit(2 * GIB)
                .version("1.9.0", FakeResources.steady(1)).version("2.0.0", FakeResources.steady(2));
        h = new DriftHarness(SIX_HOURS, source, stateDir, "drift-overrides-test", T0.minus(Duration.ofMinutes(30)));
        VerificationStarted v = verification(D1, h.now(), Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);
        h.send(v);
        return v;
    }

    @Test
    void anExtendOfDriftAfterThePromoteLengthensTheWatchOncePerOverrideId() {
        VerificationStarted v = started();
        h.advanceTo(T0);
        h.send(promote(v, T0));
        h.advanceTo(T0.plus(Duration.ofHours(1)));
        OverrideCommand extend = AuditedOverrides.extend("ov-x", "d1", SLOT, Phase.DRIFT, Duration.ofHours(2));
        h.send(AuditedOverrides.applied(extend));
        h.send(AuditedOverrides.applied(extend)); // read again: counted once

        h.advanceTo(T0.plus(PHASE).plus(Duration.ofHours(2)).minusSeconds(60));
        assertThat(h.results()).as("watched 6 + 2 h, not 6 h").isEmpty();
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofHours(5)));
        List<PhaseResult> results = h.results();
        assertThat(results).hasSize(1);
        PhaseResult r = results.get(0);
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(r.decidedAt()).as("extended once, not twice").isEqualTo(T0.plus(PHASE).plus(Duration.ofHours(2)));
        assertThat(r.summary()).endsWith("over 8 h");
        assertThat(h.watches().get(SLOT).extension().overrideIds()).containsExactly("ov-x");
        assertThat(h.deadLetters()).isEmpty();
    }

    /**
     * The extension lives in the watch's store entry: a new instance restored from the changelog
     * keeps it, and the same audit record read again (a replay) does not lengthen the watch twice.
     */
    @Test
    void anAppliedExtendSurvivesARestartAndIsNotAppliedTwice() {
        OverrideCommand extend = AuditedOverrides.extend("ov-r", "d1", SLOT, Phase.DRIFT, Duration.ofHours(2));
        List<TestRecord<byte[], byte[]>> watchesChangelog;
        List<TestRecord<byte[], byte[]>> samplesChangelog;
        DriftWatch beforeRestart;
        VerificationStarted v = started();
        h.advanceTo(T0);
        h.send(promote(v, T0));
        h.advanceTo(T0.plus(Duration.ofHours(1)));
        h.send(AuditedOverrides.applied(extend));
        h.advanceTo(T0.plus(Duration.ofHours(2)));
        beforeRestart = h.watches().get(SLOT);
        watchesChangelog = h.changelog(DriftPhaseProcessor.WATCHES);
        samplesChangelog = h.changelog(DriftPhaseProcessor.SAMPLES);
        h.close(); // TopologyTestDriver.close() also deletes its state directory
        Instant restart = T0.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(5));
        FakeResources source = new FakeResources().memoryLimit(2 * GIB)
                .version("1.9.0", FakeResources.steady(1)).version("2.0.0", FakeResources.steady(2));
        h = new DriftHarness(SIX_HOURS, source, stateDir.resolve("second"), "drift-overrides-test", restart);
        restore(h.watches(), watchesChangelog, JsonSerde.of(DriftWatch.class).deserializer());
        restore(h.samples(), samplesChangelog, JsonSerde.of(ResourceSeries.class).deserializer());
        assertThat(h.watches().get(SLOT)).isEqualTo(beforeRestart);
        assertThat(beforeRestart.extendedBy()).isEqualTo(Duration.ofHours(2));

        h.send(AuditedOverrides.applied(extend)); // the audit record read again after the restart
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofHours(5)));

        assertThat(h.results()).extracting(PhaseResult::decidedAt)
                .as("8 h, not 6 h (extension lost) nor 10 h (applied twice)")
                .containsExactly(T0.plus(PHASE).plus(Duration.ofHours(2)));
    }

    private static <V> void restore(KeyValueStore<String, V> store, List<TestRecord<byte[], byte[]>> log,
                                    Deserializer<V> values) {
        try (StringDeserializer keys = new StringDeserializer()) {
            for (TestRecord<byte[], byte[]> r : log) {
                String key = keys.deserialize("changelog", r.key());
                if (r.value() == null) {
                    store.delete(key);
                } else {
                    store.put(key, values.deserialize("changelog", r.value()));
                }
            }
        }
    }

    @Test
    void anExtendOfDriftBeforeThePromoteCountsFromThePromote() {
        VerificationStarted v = started();
        h.send(AuditedOverrides.applied(AuditedOverrides.extend("ov-y", "d1", SLOT, Phase.DRIFT,
                Duration.ofHours(1))));
        h.send(AuditedOverrides.applied(AuditedOverrides.extend("ov-b", "d1", SLOT, Phase.BASELINE,
                Duration.ofHours(5)))); // another phase's: not this verifier's
        h.advanceTo(T0);
        h.send(promote(v, T0));
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofHours(3)));

        assertThat(h.results()).extracting(PhaseResult::decidedAt).containsExactly(T0.plus(PHASE).plus(Duration.ofHours(1)));
    }

    @Test
    void anAppliedAbortEndsTheWatchWithoutAPhaseEvenIfAPromoteFollows() {
        VerificationStarted v = started();
        h.send(AuditedOverrides.applied(AuditedOverrides.abort("ov-a", "d1", SLOT)));
        h.advanceTo(T0);
        h.send(promote(v, T0)); // cannot follow an applied ABORT; if it did, it starts nothing
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofHours(1)));

        assertThat(h.results()).isEmpty();
        assertThat(h.watches().get(SLOT).stage()).isEqualTo(DriftWatch.Stage.FINISHED);
        assertThat(h.watches().get(SLOT).outcome()).isNull();
        assertThat(h.sampleKeys()).isEmpty();
    }

    @Test
    void anAbortTheEngineRefusedChangesNothing() {
        VerificationStarted v = started();
        h.advanceTo(T0);
        h.send(promote(v, T0));
        h.send(AuditedOverrides.refused(AuditedOverrides.abort("ov-a", "d1", SLOT),
                "already promoted: ABORT stops a verification before its decision; ROLLBACK instead"));
        h.advanceTo(T0.plus(PHASE).plus(Duration.ofMinutes(5)));

        assertThat(h.results()).extracting(PhaseResult::outcome).containsExactly(PhaseOutcome.PASSED);
    }
}
