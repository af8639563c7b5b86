package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.RecordMetrics;
import io.postflight.testing.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cleanup rule of {@code decision-slots}, in Kafka's test driver with a simulated wall clock. */
class SlotRetentionTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration SILENCE = Duration.ofHours(2);
    private static final Duration RETENTION = Duration.ofHours(30);
    private TopologyFixture fixture;
    private TestInputTopic<String, byte[]> verifications;
    private TestInputTopic<String, byte[]> results;
    private Instant now = T0;

    @BeforeEach
    void setUp() {
        fixture = TopologyFixture.start("decision-retention-test", T0, b -> DecisionProcessor.topology().build(b,
                () -> new DecisionProcessor(SILENCE, RETENTION, new RecordMetrics(new SimpleMeterRegistry()))));
        verifications = fixture.input(Topics.VERIFICATIONS);
        results = fixture.input(Topics.PHASE_RESULTS);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private KeyValueStore<String, SlotState> slots() {
        return fixture.driver().getKeyValueStore(DecisionProcessor.STORE);
    }

    private VerificationStarted start(String service) {
        return start(service, "id-" + service);
    }

    private VerificationStarted start(String service, String deploymentId) {
        DeploymentRef d = new DeploymentRef(deploymentId, service, "prod", "2.0", null, "1.0");
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(),
                List.of(Phase.HEALTH), now, new EventRef("ev-" + service, "/cd", "t", now));
        verifications.pipeInput(d.slot(), JsonSerde.toBytes(v));
        return v;
    }

    private void pass(VerificationStarted v) {
        results.pipeInput(v.deployment().slot(), JsonSerde.toBytes(new PhaseResult(null, v.deployment(),
                Phase.HEALTH, PhaseOutcome.PASSED, "ok", List.of(), now, now, v.deployEvent())));
    }

    /** Lets time pass in 5-minute steps, so retention and watchdog ticks fire along the way. */
    private void advance(Duration d) {
        for (long m = 0; m < d.toMinutes(); m += 5) {
            fixture.driver().advanceWallClockTime(Duration.ofMinutes(5));
            now = now.plus(Duration.ofMinutes(5));
        }
    }

    @Test
    void aDecidedSlotIsKeptForTheRetentionAfterItsDecisionThenDeleted() {
        pass(start("checkout"));
        advance(RETENTION.minusMinutes(5));
        assertThat(slots().get("checkout/prod")).as("kept within the retention").isNotNull();
        advance(Duration.ofMinutes(10));
        assertThat(slots().get("checkout/prod")).as("deleted after the retention").isNull();
    }

    @Test
    void anUndecidedSlotIsHeldByTheWatchdogFirstAndDeletedOnlyAfterTheRetention() {
        start("checkout");
        advance(SILENCE.plusMinutes(15));
        SlotState held = slots().get("checkout/prod");
        assertThat(held.hasDecision()).as("the watchdog's HOLD comes first").isTrue();
        // The retention counts from the HOLD (up to one watchdog interval after the silence timeout).
        advance(RETENTION.minusMinutes(30));
        assertThat(slots().get("checkout/prod")).isNotNull();
        advance(Duration.ofHours(1));
        assertThat(slots().get("checkout/prod")).isNull();
    }

    @Test
    void aNewDeploymentOfTheSlotRestartsItsRetention() {
        pass(start("checkout"));
        advance(RETENTION.minusHours(1));
        VerificationStarted again = start("checkout", "id-checkout-2");
        advance(Duration.ofHours(2));
        assertThat(slots().get("checkout/prod").deploymentId()).isEqualTo(again.deployment().deploymentId());
    }

    @Test
    void eachSweepReadsABoundedBatchAndTheSweepsTogetherReachEverySlot() {
        int count = DecisionProcessor.RETENTION_BATCH * 2 + 500;
        for (int i = 0; i < count; i++) {
            pass(start("svc-" + i));
        }
        // Jump past the retention in one step: a single tick fires and deletes one batch at most.
        fixture.driver().advanceWallClockTime(RETENTION.plusMinutes(1));
        assertThat(size()).isGreaterThanOrEqualTo(count - DecisionProcessor.RETENTION_BATCH);
        for (int tick = 0; tick < 3; tick++) {
            fixture.driver().advanceWallClockTime(DecisionProcessor.RETENTION_TICK);
        }
        assertThat(size()).isZero();
    }

    private long size() {
        long n = 0;
        try (var it = slots().all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
