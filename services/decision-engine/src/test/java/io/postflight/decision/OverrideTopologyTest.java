package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Topics;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.RecordMetrics;
import io.postflight.testing.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decision engine's topology applying overrides, in Kafka's test driver: once per override id
 * (a repeat changes nothing and is answered with the first outcome; another override under a used
 * id is refused), with decision, verdict
 * and audit record together, and the silence watchdog honouring an EXTEND.
 */
class OverrideTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration SILENCE = Duration.ofHours(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyFixture fixture;
    private TestOutputTopic<String, byte[]> decisions;
    private TestOutputTopic<String, byte[]> verdicts;
    private TestOutputTopic<String, byte[]> audit;
    private TestOutputTopic<String, byte[]> deadLetters;
    private final DeploymentRef deployment = new DeploymentRef("checkout-42", "checkout", "prod", "2.0", null, "1.0");

    @BeforeEach
    void setUp() {
        fixture = TopologyFixture.start("decision-override-test", T0, b -> DecisionProcessor.topology().build(b,
                () -> new DecisionProcessor(SILENCE, Duration.ofDays(7), new RecordMetrics(registry))));
        decisions = fixture.output(Topics.DECISIONS);
        verdicts = fixture.output(Topics.VERDICTS);
        audit = fixture.output(Topics.AUDIT);
        deadLetters = fixture.output(Topics.DEAD_LETTER);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private void start(Phase... phases) {
        VerificationStarted v = new VerificationStarted(null, deployment, DeployAction.DEPLOYED, List.of(),
                List.of(phases), T0, new EventRef("ev-42", "/cd", "t", T0));
        fixture.input(Topics.VERIFICATIONS).pipeInput(deployment.slot(), JsonSerde.toBytes(v), T0);
    }

    private void result(Phase phase, PhaseOutcome outcome) {
        fixture.input(Topics.PHASE_RESULTS).pipeInput(deployment.slot(), JsonSerde.toBytes(new PhaseResult(null,
                deployment, phase, outcome, "summary", List.of(), T0, T0, null)), T0);
    }

    private void override(OverrideCommand o) {
        fixture.input(Topics.OVERRIDES).pipeInput(o.slot(), JsonSerde.toBytes(o), T0);
    }

    private static OverrideCommand command(String id, OverrideAction action, DecisionKind releaseTo, Phase phase,
                                           Duration by) {
        return new OverrideCommand(null, id, "checkout-42", "checkout/prod", action, releaseTo, phase, by,
                "night traffic too low to judge", "alice", T0);
    }

    private static <T> List<T> read(TestOutputTopic<String, byte[]> topic, Class<T> type) {
        return topic.readValuesToList().stream().map(b -> {
            try {
                return Json.MAPPER.readValue(b, type);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void aRepeatedOverrideIsAppliedOnceAndItsRepeatAnsweredWithTheFirstOutcome() {
        start(Phase.HEALTH);
        result(Phase.HEALTH, PhaseOutcome.INCONCLUSIVE);
        decisions.readValuesToList();
        verdicts.readValuesToList();
        OverrideCommand release = command("ov-1", OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null, null);

        override(release);
        override(new OverrideCommand(null, "ov-1", "checkout-42", "checkout/prod", OverrideAction.RELEASE_HOLD,
                DecisionKind.PROMOTE, null, null, "night traffic too low to judge", "alice", T0.plusSeconds(30)));

        assertThat(read(decisions, Decision.class)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DecisionKind.PROMOTE);
            assertThat(d.override().overrideId()).isEqualTo("ov-1");
        });
        assertThat(read(verdicts, Verdict.class)).extracting(Verdict::state).containsExactly(VerdictState.PROMOTED);
        List<AuditRecord> records = read(audit, AuditRecord.class);
        assertThat(records).hasSize(2).allSatisfy(a -> {
            assertThat(a.outcome()).isEqualTo(AuditOutcome.APPLIED);
            assertThat(a.verdictBefore()).isEqualTo(VerdictState.HELD);
            assertThat(a.verdictAfter()).isEqualTo(VerdictState.PROMOTED);
            assertThat(a.decisionId()).isEqualTo("checkout-42:promote");
        });
        assertThat(records).extracting(AuditRecord::repeated).containsExactly(false, true);
        assertThat(registry.get("postflight.overrides").tag("outcome", "applied").counter().count()).isEqualTo(1);
        assertThat(registry.get("postflight.records.duplicates").counter().count()).isEqualTo(1);
        assertThat(registry.get("postflight.decisions").tag("cause", "override").counter().count()).isEqualTo(1);
    }

    @Test
    void anotherOverrideUnderAUsedIdIsRefusedWithAnAuditRecordSayingWhichOverrideTheIdNames() {
        start(Phase.HEALTH);
        result(Phase.HEALTH, PhaseOutcome.INCONCLUSIVE);
        decisions.readValuesToList();
        verdicts.readValuesToList();

        override(command("ov-1", OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null, null));
        override(command("ov-1", OverrideAction.ROLLBACK, null, null, null));
        override(command("ov-1", OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null, null));

        assertThat(read(decisions, Decision.class)).extracting(Decision::kind).containsExactly(DecisionKind.PROMOTE);
        assertThat(read(verdicts, Verdict.class)).extracting(Verdict::state).containsExactly(VerdictState.PROMOTED);
        List<AuditRecord> records = read(audit, AuditRecord.class);
        assertThat(records).extracting(AuditRecord::outcome, AuditRecord::repeated).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AuditOutcome.APPLIED, false),
                org.assertj.core.groups.Tuple.tuple(AuditOutcome.REFUSED, true),
                org.assertj.core.groups.Tuple.tuple(AuditOutcome.APPLIED, true));
        assertThat(records.get(1).override().action()).isEqualTo(OverrideAction.ROLLBACK);
        assertThat(records.get(1).refusedBecause()).isEqualTo("overrideId 'ov-1' already names another override"
                + " (RELEASE_HOLD to PROMOTE of checkout-42 by alice); an id names one override: post this one under"
                + " a new overrideId");
    }

    @Test
    void aRefusedOverrideWritesOnlyItsAuditRecordAndARetryUnderANewIdIsJudgedAgain() {
        start(Phase.HEALTH);
        verdicts.readValuesToList();

        override(command("ov-1", OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null, null));
        result(Phase.HEALTH, PhaseOutcome.INCONCLUSIVE);
        override(command("ov-2", OverrideAction.RELEASE_HOLD, DecisionKind.ROLLBACK, null, null));

        assertThat(read(audit, AuditRecord.class)).extracting(AuditRecord::outcome)
                .containsExactly(AuditOutcome.REFUSED, AuditOutcome.APPLIED);
        assertThat(read(decisions, Decision.class)).extracting(Decision::kind)
                .containsExactly(DecisionKind.HOLD, DecisionKind.ROLLBACK);
    }

    @Test
    void anOverrideWithoutAReasonIsDeadLetteredNotApplied() {
        start(Phase.HEALTH);
        fixture.input(Topics.OVERRIDES).pipeInput(deployment.slot(), ("{\"schema\":\"postflight.override/1\","
                + "\"overrideId\":\"ov-9\",\"deploymentId\":\"checkout-42\",\"slot\":\"checkout/prod\","
                + "\"action\":\"ABORT\",\"reason\":\" \",\"who\":\"alice\"}").getBytes(), T0);

        assertThat(deadLetters.readRecordsToList()).singleElement().satisfies(r -> assertThat(new String(
                r.headers().lastHeader(Topics.DLQ_DETAIL).value())).contains("reason"));
        assertThat(audit.isEmpty()).isTrue();
    }

    @Test
    void anExtensionPostponesTheSilenceWatchdogsHold() {
        start(Phase.HEALTH, Phase.BASELINE);
        override(command("ov-1", OverrideAction.EXTEND, null, Phase.BASELINE, Duration.ofHours(3)));
        decisions.readValuesToList();

        fixture.driver().advanceWallClockTime(SILENCE.plusMinutes(30));
        assertThat(decisions.isEmpty()).as("no HOLD within the extended time").isTrue();

        fixture.driver().advanceWallClockTime(Duration.ofHours(3));
        assertThat(read(decisions, Decision.class)).extracting(Decision::kind).containsExactly(DecisionKind.HOLD);
    }
}
