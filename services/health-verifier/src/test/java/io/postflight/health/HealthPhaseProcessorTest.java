package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.health.HealthJudge;
import io.postflight.judge.health.HealthPolicy;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.RecordMetrics;
import io.postflight.targets.TargetPolicy;
import io.postflight.targets.TargetPolicyConfig;
import io.postflight.testing.AuditedOverrides;
import io.postflight.testing.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The health topology in Kafka's test driver, with a scripted probe and a simulated wall clock. */
class HealthPhaseProcessorTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final AtomicInteger rounds = new AtomicInteger();
    private volatile boolean healthy = true;
    private TopologyFixture fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> verifications;
    private TestOutputTopic<String, byte[]> results;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void setUp() {
        HealthProbe probe = (deploymentId, targets) -> {
            if (targets.stream().anyMatch(t -> t.url().contains("hanging"))) {
                return new CompletableFuture<>(); // a target that never answers
            }
            if (targets.stream().anyMatch(t -> t.url().contains("explodes"))) {
                throw new IllegalStateException("probe blew up on " + deploymentId);
            }
            if (targets.stream().anyMatch(t -> t.url().contains("starved"))) {
                return CompletableFuture.completedFuture(targets.stream()
                        .map(t -> ProbeObservation.unknown(t.instance(),
                                "not probed: verifier overloaded (probe queue full)", 0)).toList());
            }
            rounds.incrementAndGet();
            return CompletableFuture.completedFuture(targets.stream()
                    .map(t -> new ProbeObservation(t.instance(), true, healthy, true,
                            healthy ? "ready: HTTP 200" : "ready: HTTP 503", 1))
                    .toList());
        };
        HealthJudge judge = new HealthJudge(new HealthPolicy(3, 2, 3, Duration.ofMinutes(5)));
        fixture = TopologyFixture.start("health-test", T0, b -> HealthPhaseProcessor.topology().build(b, () -> new HealthPhaseProcessor(judge, probe, Duration.ofSeconds(10),
                Duration.ofSeconds(1), 2000, Duration.ofHours(2), new RecordMetrics(new SimpleMeterRegistry()),
                new TargetPolicy(new TargetPolicyConfig(null, null, null, false, null, 3)))));
        driver = fixture.driver();
        verifications = fixture.input(Topics.VERIFICATIONS);
        results = fixture.output(Topics.PHASE_RESULTS);
        deadLetters = fixture.output(Topics.DEAD_LETTER);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static VerificationStarted verification(String id) {
        DeploymentRef d = new DeploymentRef(id, "checkout", "prod", "1.0." + id.length(), null, "0.9");
        return new VerificationStarted(null, d, DeployAction.DEPLOYED,
                List.of(new Target("a", "http://a"), new Target("b", "http://b")),
                List.of(Phase.HEALTH), T0, new EventRef("ev-" + id, "/cd", "t", T0));
    }

    /** Lets simulated time pass one tick at a time, as a real wall clock would. */
    private void advance(Duration total) {
        for (long s = 0; s < total.toSeconds(); s++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    private void send(VerificationStarted v) {
        verifications.pipeInput(v.deployment().slot(), JsonSerde.toBytes(v));
    }

    private PhaseResult onlyResult() throws Exception {
        List<TestRecord<String, byte[]>> all = results.readRecordsToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).key()).isEqualTo("checkout/prod");
        return Json.MAPPER.readValue(all.get(0).value(), PhaseResult.class);
    }

    @Test
    void passesAfterTheRequiredRunOfHealthyRoundsAtTheConfiguredInterval() throws Exception {
        send(verification("d1"));
        // Rounds start at 1 s, 10 s and 20 s (fixed rate from the first one), the pass is seen at 21 s.
        advance(Duration.ofSeconds(20));
        assertThat(results.isEmpty()).isTrue();
        advance(Duration.ofSeconds(10));
        PhaseResult r = onlyResult();
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(r.deployEvent().id()).isEqualTo("ev-d1");
        assertThat(r.evidence()).hasSize(2);
        // One round at start and one every 10 s: 3 rounds, then the phase is over.
        advance(Duration.ofSeconds(60));
        assertThat(rounds.get()).isEqualTo(3);
    }

    private void applied(OverrideCommand o) {
        AuditedOverrides.pipe(fixture, AuditedOverrides.applied(o));
    }

    @Test
    void anAppliedAbortStopsProbingAndNoResultFollows() {
        send(verification("d1"));
        advance(Duration.ofSeconds(5));
        int before = rounds.get();
        assertThat(before).isPositive();

        applied(AuditedOverrides.abort("ov-1", "d1", "checkout/prod"));
        advance(Duration.ofMinutes(6));

        assertThat(rounds.get()).as("no round after the abort").isEqualTo(before);
        assertThat(results.isEmpty()).as("no result for an aborted phase").isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anAbortTheEngineRefusedChangesNothing() throws Exception {
        send(verification("d1"));
        OverrideCommand abort = AuditedOverrides.abort("ov-1", "d1", "checkout/prod");
        AuditedOverrides.pipe(fixture, AuditedOverrides.refused(abort, "already promoted"));
        advance(Duration.ofSeconds(30));

        assertThat(onlyResult().outcome()).isEqualTo(PhaseOutcome.PASSED);
    }

    @Test
    void anAbortOfAnotherDeploymentOrAnExtendOfAnotherPhaseChangesNothing() throws Exception {
        send(verification("d1"));
        applied(AuditedOverrides.abort("ov-0", "d0", "checkout/prod"));
        applied(AuditedOverrides.extend("ov-1", "d1", "checkout/prod", Phase.BASELINE, Duration.ofMinutes(5)));
        advance(Duration.ofSeconds(30));

        assertThat(onlyResult().outcome()).isEqualTo(PhaseOutcome.PASSED);
    }

    @Test
    void anAppliedExtendLengthensThePhaseOncePerOverrideId() throws Exception {
        DeploymentRef stuck = new DeploymentRef("stuck", "checkout", "prod", "2.0", null, null);
        verifications.pipeInput(stuck.slot(), JsonSerde.toBytes(new VerificationStarted(null, stuck,
                DeployAction.DEPLOYED, List.of(new Target("h", "http://hanging")), List.of(Phase.HEALTH), T0,
                new EventRef("ev-stuck", "/cd", "t", T0))));
        advance(Duration.ofSeconds(5));
        OverrideCommand extend = AuditedOverrides.extend("ov-x", "stuck", "checkout/prod", Phase.HEALTH,
                Duration.ofMinutes(4));
        applied(extend);
        applied(extend); // read again: counted once

        advance(Duration.ofMinutes(8));
        assertThat(results.isEmpty()).as("the phase ends at 5 + 4 min, not at 5 min").isTrue();
        advance(Duration.ofMinutes(2));
        PhaseResult r = onlyResult();
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.decidedAt()).as("not extended twice").isBefore(T0.plus(Duration.ofMinutes(10)));
        assertThat(r.decidedAt()).isAfterOrEqualTo(T0.plus(Duration.ofMinutes(9)));
    }

    @Test
    void aTargetThatNeverAnswersDelaysNoOtherDeployment() throws Exception {
        DeploymentRef stuck = new DeploymentRef("stuck", "payments", "prod", "2.0", null, null);
        verifications.pipeInput(stuck.slot(), JsonSerde.toBytes(new VerificationStarted(null, stuck,
                DeployAction.DEPLOYED, List.of(new Target("h", "http://hanging")), List.of(Phase.HEALTH), T0,
                new EventRef("ev-stuck", "/cd", "t", T0))));
        send(verification("d1"));
        advance(Duration.ofSeconds(25));
        PhaseResult r = onlyResult();
        assertThat(r.deployment().deploymentId()).isEqualTo("d1");
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED);
        // A round that never finishes does not keep its phase open: it ends when the phase does.
        advance(Duration.ofMinutes(5));
        List<PhaseResult> later = allResults();
        assertThat(later).hasSize(1);
        PhaseResult stuckResult = later.get(0);
        assertThat(stuckResult.deployment().deploymentId()).isEqualTo("stuck");
        assertThat(stuckResult.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
    }

    @Test
    void failsWhenInstancesStayUnready() throws Exception {
        healthy = false;
        send(verification("d1"));
        advance(Duration.ofSeconds(15));
        PhaseResult r = onlyResult();
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(r.summary()).contains("ready: HTTP 503");
    }

    @Test
    void aReDeliveredVerificationDoesNotStartASecondOne() throws Exception {
        send(verification("d1"));
        send(verification("d1"));
        advance(Duration.ofSeconds(35));
        assertThat(onlyResult().outcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(rounds.get()).isEqualTo(3);
    }

    @Test
    void aNewDeploymentOfTheSameSlotReplacesTheOneInFlight() throws Exception {
        send(verification("d1"));
        advance(Duration.ofSeconds(11));
        send(verification("d2-longer"));
        advance(Duration.ofSeconds(40));
        PhaseResult r = onlyResult();
        assertThat(r.deployment().deploymentId()).isEqualTo("d2-longer");
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithTheReasonAndProcessingContinues() throws Exception {
        verifications.pipeInput("checkout/prod", "{not json".getBytes(StandardCharsets.UTF_8));
        verifications.pipeInput("checkout/prod", "{\"schema\":\"postflight.verification-started/1\"}"
                .getBytes(StandardCharsets.UTF_8));
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(d -> new String(d.headers().lastHeader(Topics.DLQ_REASON).value(),
                StandardCharsets.UTF_8)).containsExactly("NOT_JSON", "SCHEMA_INVALID");
        assertThat(new String(dead.get(1).headers().lastHeader(Topics.DLQ_DETAIL).value(), StandardCharsets.UTF_8))
                .contains("deployment");
        send(verification("d1"));
        advance(Duration.ofSeconds(35));
        assertThat(onlyResult().outcome()).isEqualTo(PhaseOutcome.PASSED);
    }

    private void sendStartedAt(String id, Instant startedAt) {
        VerificationStarted v = verification(id);
        send(new VerificationStarted(null, v.deployment(), v.action(), v.targets(), v.phases(), startedAt,
                v.deployEvent()));
    }

    @Test
    void aVerificationWhosePhaseEndedWhileTheVerifierWasDownGetsAnInconclusiveResultAtOnce() throws Exception {
        sendStartedAt("d1", T0.minus(Duration.ofMinutes(20)));
        PhaseResult r = onlyResult();
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.summary()).contains("while the verifier was down");
        assertThat(rounds.get()).isZero();
    }

    @Test
    void historyOlderThanTheLookBackStaysQuiet() {
        // A new application id reading old history must not flood the bus with results nobody waits for.
        sendStartedAt("d1", T0.minus(Duration.ofHours(3)));
        advance(Duration.ofSeconds(5));
        assertThat(results.isEmpty()).isTrue();
        assertThat(rounds.get()).isZero();
    }

    @Test
    void aVerificationsRecordIsDeletedWhenItsPhaseEnds() throws Exception {
        // The cleanup rule of health-verifications: a record lives only while its phase runs.
        send(verification("d1"));
        advance(Duration.ofSeconds(5));
        assertThat(driver.<String, VerificationStarted>getKeyValueStore(HealthPhaseProcessor.STORE).get("checkout/prod"))
                .isNotNull();
        assertThat(driver.<String, HealthRounds>getKeyValueStore(HealthPhaseProcessor.ROUNDS_STORE).get("checkout/prod"))
                .isNotNull();
        advance(Duration.ofSeconds(30));
        assertThat(onlyResult().outcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(driver.<String, VerificationStarted>getKeyValueStore(HealthPhaseProcessor.STORE).get("checkout/prod"))
                .isNull();
        assertThat(driver.<String, HealthRounds>getKeyValueStore(HealthPhaseProcessor.ROUNDS_STORE).get("checkout/prod"))
                .isNull();
    }

    @Test
    void eachRoundWritesItsTalliesOnceAndTheVerificationIsWrittenOnlyAtItsStart() throws Exception {
        send(verification("d1"));
        advance(Duration.ofSeconds(30));
        assertThat(onlyResult().outcome()).isEqualTo(PhaseOutcome.PASSED);
        // Start, the first two rounds folded in, and the delete when the third one decides the phase;
        // starting a round writes nothing.
        List<byte[]> tallies = changelog(HealthPhaseProcessor.ROUNDS_STORE);
        assertThat(tallies).hasSize(4);
        assertThat(tallies.subList(0, 3)).doesNotContainNull();
        assertThat(tallies.get(3)).isNull();
        assertThat(changelog(HealthPhaseProcessor.STORE)).hasSize(2).last().isNull();
    }

    private List<byte[]> changelog(String store) {
        return driver.createOutputTopic("health-test-" + store + "-changelog",
                        new org.apache.kafka.common.serialization.StringDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())
                .readValuesToList();
    }

    private static VerificationStarted verificationOf(String service, List<Target> targets) {
        DeploymentRef d = new DeploymentRef("dep-" + service, service, "prod", "1.0", null, "0.9");
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, targets, List.of(Phase.HEALTH), T0,
                new EventRef("ev-" + service, "/cd", "t", T0));
    }

    private List<PhaseResult> allResults() throws Exception {
        List<PhaseResult> out = new java.util.ArrayList<>();
        for (TestRecord<String, byte[]> r : results.readRecordsToList()) {
            out.add(Json.MAPPER.readValue(r.value(), PhaseResult.class));
        }
        return out;
    }

    private PhaseResult of(List<PhaseResult> all, String service) {
        return all.stream().filter(r -> r.deployment().service().equals(service)).findFirst().orElseThrow();
    }

    @Test
    void aVerificationThatFailsInTheVerifierEndsInconclusiveAloneAndFiveHealthyOnesPass() throws Exception {
        send(verificationOf("bad", List.of(new Target("x", "http://explodes"))));
        for (int i = 1; i <= 5; i++) {
            send(verificationOf("good" + i, List.of(new Target("a", "http://a" + i))));
        }
        advance(Duration.ofSeconds(35));
        List<PhaseResult> all = allResults();
        assertThat(all).hasSize(6);
        PhaseResult bad = of(all, "bad");
        assertThat(bad.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(bad.summary()).contains("the verifier failed on this verification")
                .contains("probe blew up on dep-bad");
        for (int i = 1; i <= 5; i++) {
            assertThat(of(all, "good" + i).outcome()).as("good" + i).isEqualTo(PhaseOutcome.PASSED);
        }
    }

    @Test
    void malformedTargetUrlsAreDeadLetteredWhenDecodedAndHealthyOnesBesideThemPass() throws Exception {
        // URLs are checked where the record is decoded (the contracts' rule), so a verification naming
        // `http://` or `http://h:abc/` never reaches the punctuator; its neighbours are not touched.
        send(verificationOf("empty", List.of(new Target("e", "http://"))));
        send(verificationOf("port", List.of(new Target("ok", "http://fine"), new Target("p", "http://h:abc/"))));
        for (int i = 1; i <= 5; i++) {
            send(verificationOf("good" + i, List.of(new Target("a", "http://a" + i))));
        }
        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2).allSatisfy(r -> assertThat(header(r, Topics.DLQ_REASON)).isEqualTo("SCHEMA_INVALID"));
        assertThat(header(dead.get(0), Topics.DLQ_DETAIL)).contains("url");
        advance(Duration.ofSeconds(35));
        List<PhaseResult> later = allResults();
        assertThat(later).hasSize(5).allMatch(r -> r.outcome() == PhaseOutcome.PASSED);
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void refusedAndTooManyTargetsAreInconclusiveAtOnceAndNeverProbed() throws Exception {
        send(verificationOf("metadata", List.of(new Target("m", "http://169.254.169.254/latest"))));
        send(verificationOf("many", List.of(new Target("a", "http://a"), new Target("b", "http://b"),
                new Target("c", "http://c"), new Target("d", "http://d"))));
        List<PhaseResult> all = allResults();
        assertThat(of(all, "metadata").outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(of(all, "metadata").summary()).contains("169.254.169.254").contains("metadata");
        assertThat(of(all, "many").summary()).contains("4 targets, more than postflight.target-policy.max-targets-per-event=3");
        advance(Duration.ofSeconds(20));
        assertThat(rounds.get()).isZero();
    }

    @Test
    void aStarvedVerifierNeverFailsAHealthyVersionAndSaysItWasOverloaded() throws Exception {
        send(verificationOf("starving", List.of(new Target("s", "http://starved"))));
        advance(Duration.ofMinutes(4));
        assertThat(results.isEmpty()).as("keeps probing until the phase ends").isTrue();
        advance(Duration.ofMinutes(2));
        PhaseResult r = onlyResult(allResultsRaw());
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.summary()).startsWith("verifier overloaded");
    }

    private List<TestRecord<String, byte[]>> allResultsRaw() {
        return results.readRecordsToList();
    }

    private static PhaseResult onlyResult(List<TestRecord<String, byte[]>> all) throws Exception {
        assertThat(all).hasSize(1);
        return Json.MAPPER.readValue(all.get(0).value(), PhaseResult.class);
    }
}
