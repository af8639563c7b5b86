package io.postflight.drift;

import static io.postflight.drift.DriftHarness.SLOT;
import static io.postflight.drift.DriftHarness.T0;
import static io.postflight.drift.FakeResources.GIB;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.ResourceSeries;
import io.postflight.metrics.VersionRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole 24-hour drift phase in simulated time, with the service restarted halfway: the phase
 * goes on where it was, with every sample taken before the restart, on the same clock, and ends
 * with exactly one result at the right simulated time.
 */
class DriftTwentyFourHoursTest {
    private static final String APPLICATION_ID = "drift-24h";
    private static final DriftConfig CONFIG = DriftConfig.defaults().withTimings(Duration.ofHours(24),
            Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMinutes(1));
    private static final FakeResources.Gauges PREVIOUS = FakeResources.steady(1);
    private static final FakeResources.Gauges CURRENT = FakeResources.steady(2);
    private static final Instant HALFWAY = T0.plus(Duration.ofHours(12));
    /** The service is down for ten minutes: a new instance takes the task over. */
    private static final Instant RESTART = HALFWAY.plus(Duration.ofMinutes(10));

    @TempDir
    Path firstStateDir;
    @TempDir
    Path secondStateDir;

    private static FakeResources source() {
        return new FakeResources().memoryLimit(2 * GIB).version("1.9.0", PREVIOUS).version("2.0.0", CURRENT);
    }

    @Test
    void aPhaseRestartedHalfwayKeepsItsClockAndItsSamplesAndEndsOnceAtTwentyFourHours() {
        JudgeReplay.Final expected = JudgeReplay.firstFinal(CONFIG, CURRENT, PREVIOUS, 2 * GIB, T0);
        assertThat(expected.verdict().status().toOutcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(expected.lookSeconds()).isEqualTo(Duration.ofHours(24).toSeconds());

        // The first instance: verification, PROMOTE at T0, then 12 simulated hours of watching.
        DriftWatch beforeRestart;
        Map<String, String> samplesBeforeRestart;
        List<TestRecord<byte[], byte[]>> watchesChangelog;
        List<TestRecord<byte[], byte[]>> samplesChangelog;
        try (DriftHarness first = new DriftHarness(CONFIG, source(), firstStateDir, APPLICATION_ID,
                T0.minus(Duration.ofMinutes(30)))) {
            VerificationStarted v = DriftHarness.verification(new DeploymentRef("d1", "checkout", "prod", "2.0.0",
                    null, "1.9.0"), first.now(), Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);
            first.send(v);
            first.advanceTo(T0);
            first.send(DriftHarness.promote(v, T0));
            first.advanceTo(HALFWAY);
            assertThat(first.results()).isEmpty();
            beforeRestart = first.watches().get(SLOT);
            assertThat(beforeRestart.phaseStart()).isEqualTo(T0);
            assertThat(beforeRestart.samples()).isEqualTo(12 * 60);
            assertThat(beforeRestart.baseline()).isEqualTo(DriftWatch.BaselineStatus.STORED);
            samplesBeforeRestart = contents(first.samples());
            assertThat(samplesBeforeRestart).hasSize(12 + 1); // 12 hourly chunks and the previous version's day
            watchesChangelog = first.changelog(DriftPhaseProcessor.WATCHES);
            samplesChangelog = first.changelog(DriftPhaseProcessor.SAMPLES);
        } // the process stops; TopologyTestDriver.close() also deletes its state directory

        // A sample costs one chunk write (≤ 60 × 3 doubles), not a rewrite of the whole day.
        assertThat(samplesChangelog).filteredOn(r -> !new String(r.key(), StandardCharsets.UTF_8).endsWith("|baseline"))
                .hasSize(12 * 60).allSatisfy(r -> assertThat(r.value().length).isLessThan(4_500));

        FakeResources source = source();
        try (DriftHarness second = new DriftHarness(CONFIG, source, secondStateDir, APPLICATION_ID, RESTART)) {
            restoreFromChangelog(second.watches(), watchesChangelog, JsonSerde.of(DriftWatch.class).deserializer());
            restoreFromChangelog(second.samples(), samplesChangelog, JsonSerde.of(ResourceSeries.class).deserializer());
            assertThat(second.watches().get(SLOT)).isEqualTo(beforeRestart);
            assertThat(contents(second.samples())).isEqualTo(samplesBeforeRestart);

            second.advanceTo(RESTART.plus(CONFIG.tick()));
            // The new instance asks only for what is not stored: from the 12th hour on, the ten
            // minutes it was down included, in one query. Nothing before the restart is asked again.
            List<MetricQuery> asked = source.queries();
            assertThat(asked).hasSize(1);
            assertThat(asked.get(0).role()).isEqualTo(VersionRole.CANDIDATE);
            assertThat(asked.get(0).from()).isEqualTo(HALFWAY);
            assertThat(asked.get(0).to()).isEqualTo(RESTART.plus(CONFIG.tick()));
            DriftWatch afterRestart = second.watches().get(SLOT);
            assertThat(afterRestart.phaseStart()).isEqualTo(T0);
            assertThat(afterRestart.samples()).isEqualTo(12 * 60 + 11);

            second.advanceTo(T0.plus(Duration.ofHours(24)).minus(CONFIG.tick()));
            assertThat(second.results()).isEmpty();
            // The samples taken before the restart are still there, unchanged.
            assertThat(contents(second.samples())).containsAllEntriesOf(samplesBeforeRestart).hasSize(24 + 1);

            second.advanceTo(T0.plus(Duration.ofHours(24)));
            List<PhaseResult> results = second.results();
            assertThat(results).hasSize(1);
            PhaseResult r = results.get(0);
            assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED);
            assertThat(r.startedAt()).isEqualTo(T0);
            assertThat(r.decidedAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
            // The judge saw exactly the samples of an uninterrupted phase.
            assertThat(r.summary()).isEqualTo(expected.verdict().summary());
            assertThat(r.evidence().subList(0, 4)).isEqualTo(expected.verdict().evidence());
            Evidence coverage = r.evidence().get(4);
            assertThat(coverage.figures()).containsEntry("samplesExpected", 1440.0)
                    .containsEntry("samplesPresent", 1440.0);

            // Had the restart reset the phase clock, a result would come at 36 h 10 min.
            second.advanceTo(T0.plus(Duration.ofHours(40)));
            assertThat(second.results()).isEmpty();
            assertThat(source.intoTheFuture()).isEmpty();
        }
    }

    /**
     * Restores a store the way Kafka Streams restores a task's state on an instance without it
     * (a new pod, a lost disk): by replaying the store's changelog topic into the empty store, in
     * offset order, a put per record and a delete per tombstone, before the task processes
     * anything.
     *
     * <p>Why not reuse the state directory: TopologyTestDriver deletes it on close, and it never
     * replays changelogs itself. So the records are taken from what the first driver really wrote
     * to {@code <application.id>-<store>-changelog} (the driver captures them like any output
     * topic) and decoded with the store's own serdes. That is what the restore consumer does with
     * the same bytes; under exactly_once_v2 the changelog holds what the last commit wrote, here
     * the end of the last tick. The processor reads its stores only when records or ticks arrive,
     * never in {@code init}, so restoring right after the driver is built is the same as Kafka
     * Streams restoring before it initialises the processor.
     */
    private static <V> void restoreFromChangelog(KeyValueStore<String, V> store, List<TestRecord<byte[], byte[]>> log,
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

    /** A store's contents, values as their JSON (records holding arrays do not compare by value). */
    private static <V> Map<String, String> contents(KeyValueStore<String, V> store) {
        Map<String, String> out = new TreeMap<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, new String(JsonSerde.toBytes(kv.value), StandardCharsets.UTF_8)));
        }
        return out;
    }
}
