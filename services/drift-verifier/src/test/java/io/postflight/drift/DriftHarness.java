package io.postflight.drift;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.drift.DriftJudge;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.RecordMetrics;
import io.postflight.metrics.ResourceSeries;
import io.postflight.testing.TopologyFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One drift-verifier instance in Kafka's TopologyTestDriver: the real topology and processor, a
 * {@link FakeResources} source, queries run synchronously (so a tick's fetches are folded in the
 * same tick), and a simulated wall clock that the harness advances one tick at a time, as a real
 * clock would (the driver punctuates at most once per advance).
 */
final class DriftHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final String SLOT = "checkout/prod";

    final DriftConfig config;
    final FakeResources source;
    final TopologyTestDriver driver;
    final String applicationId;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestInputTopic<String, byte[]> verifications;
    private final TestInputTopic<String, byte[]> decisions;
    private final TestInputTopic<String, byte[]> audit;
    private final TestOutputTopic<String, byte[]> results;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private Instant now;

    DriftHarness(DriftConfig config, FakeResources source, Path stateDir, String applicationId, Instant start) {
        this.config = config;
        this.source = source;
        this.applicationId = applicationId;
        this.now = start;
        source.now(start);
        DriftLookSchedule looks = new DriftLookSchedule(new DriftJudge(config.policy()), config);
        SampleFetcher fetcher = new SampleFetcher(source, Runnable::run);
        RecordMetrics metrics = new RecordMetrics(registry);
        TopologyFixture fixture = TopologyFixture.start(applicationId, start, stateDir,
                b -> DriftPhaseProcessor.topology().build(b, () -> new DriftPhaseProcessor(config, looks, fetcher, DriftWatchListener.NONE,
                metrics)));
        driver = fixture.driver();
        verifications = fixture.input(Topics.VERIFICATIONS);
        decisions = fixture.input(Topics.DECISIONS);
        audit = fixture.input(Topics.AUDIT);
        results = fixture.output(Topics.PHASE_RESULTS);
        deadLetters = fixture.output(Topics.DEAD_LETTER);
    }

    static DeploymentRef deployment(String id, String version, String previous) {
        return new DeploymentRef(id, "checkout", "prod", version, null, previous);
    }

    static VerificationStarted verification(DeploymentRef d, Instant startedAt, Phase... phases) {
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(new Target("a", "http://a")),
                List.of(phases), startedAt, new EventRef("ev-" + d.deploymentId(), "/cd", "t", startedAt));
    }

    static Decision promote(VerificationStarted v, Instant decidedAt) {
        return new Decision(null, v.deployment().deploymentId() + ":promote", v.deployment(), DecisionKind.PROMOTE,
                false, List.of("HEALTH PASSED"), List.of(), null, decidedAt, v.deployEvent());
    }

    Instant now() {
        return now;
    }

    void send(VerificationStarted v) {
        verifications.pipeInput(v.deployment().slot(), JsonSerde.toBytes(v), now);
    }

    void send(Decision d) {
        decisions.pipeInput(d.deployment().slot(), JsonSerde.toBytes(d), now);
    }

    /** The decision engine's audit record of an override, now. */
    void send(AuditRecord a) {
        audit.pipeInput(a.override().slot(), JsonSerde.toBytes(a), now);
    }

    void sendRaw(String topic, byte[] value) {
        (Topics.DECISIONS.name().equals(topic) ? decisions : verifications).pipeInput(SLOT, value, now);
    }

    /** Lets simulated time pass up to {@code until}, one tick per driver call. */
    void advanceTo(Instant until) {
        long tick = config.tick().toMillis();
        while (now.isBefore(until)) {
            Duration step = Duration.ofMillis(Math.min(tick, until.toEpochMilli() - now.toEpochMilli()));
            now = now.plus(step);
            source.now(now);
            driver.advanceWallClockTime(step);
        }
    }

    /** Phase results published since the last call, decoded. */
    List<PhaseResult> results() {
        return results.readRecordsToList().stream().map(r -> read(r.value(), PhaseResult.class)).toList();
    }

    List<TestRecord<String, byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    KeyValueStore<String, DriftWatch> watches() {
        return driver.getKeyValueStore(DriftPhaseProcessor.WATCHES);
    }

    KeyValueStore<String, ResourceSeries> samples() {
        return driver.getKeyValueStore(DriftPhaseProcessor.SAMPLES);
    }

    /** Keys in the samples store (exactly; RocksDB's entry count is an estimate). */
    List<String> sampleKeys() {
        List<String> keys = new java.util.ArrayList<>();
        try (var it = samples().all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    /** What the processor wrote to a store's changelog topic so far, in order. */
    List<TestRecord<byte[], byte[]>> changelog(String store) {
        return driver.createOutputTopic(applicationId + "-" + store + "-changelog", new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readRecordsToList();
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
