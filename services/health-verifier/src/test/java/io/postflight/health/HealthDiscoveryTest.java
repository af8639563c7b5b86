package io.postflight.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Target;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.contracts.TargetsChanged;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.health.HealthJudge;
import io.postflight.judge.health.HealthPolicy;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.RecordMetrics;
import io.postflight.targets.TargetPolicy;
import io.postflight.targets.TargetPolicyConfig;
import io.postflight.testing.TopologyFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health verifier following discovered pods (ADR 0029 §5): snapshots on {@code postflight.targets}
 * decide what is probed and feed the pod-status rules; in Kafka's test driver with a scripted probe.
 */
class HealthDiscoveryTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final DeploymentRef D1 = new DeploymentRef("d1", "checkout", "prod", "1.1", null, "1.0");
    private static final DeploymentRef D2 = new DeploymentRef("d2", "checkout", "prod", "1.2", null, "1.1");
    private final List<List<String>> probed = new CopyOnWriteArrayList<>();
    private final List<String> released = new CopyOnWriteArrayList<>();
    private TopologyFixture fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> verifications;
    private TestInputTopic<String, byte[]> targets;
    private TestOutputTopic<String, byte[]> results;

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo test) {
        httpProbes = !test.getTestMethod().orElseThrow().getName().startsWith("byStatusOnly");
        HealthProbe probe = new HealthProbe() {
            @Override
            public CompletableFuture<List<ProbeObservation>> probe(String deploymentId, List<Target> ts) {
                probed.add(ts.stream().map(Target::instance).toList());
                return CompletableFuture.completedFuture(ts.stream().map(t -> new ProbeObservation(t.instance(),
                        true, true, true, "ready: HTTP 200", 1)).toList());
            }

            @Override
            public void release(String deploymentId, List<Target> ts) {
                ts.forEach(t -> released.add(deploymentId + " " + t.instance()));
            }
        };
        HealthJudge judge = new HealthJudge(new HealthPolicy(3, 2, 3, Duration.ofMinutes(2)));
        fixture = TopologyFixture.start("health-discovery-test", T0, b -> HealthPhaseProcessor.topology().build(b,
                () -> new HealthPhaseProcessor(judge, probe, Duration.ofSeconds(10), Duration.ofSeconds(1), 2000,
                        Duration.ofHours(2), new RecordMetrics(new SimpleMeterRegistry()),
                        new TargetPolicy(TargetPolicyConfig.defaults())).httpProbesOfPods(httpProbes)));
        driver = fixture.driver();
        verifications = fixture.input(Topics.VERIFICATIONS);
        targets = fixture.input(Topics.TARGETS);
        results = fixture.output(Topics.PHASE_RESULTS);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Whether discovered pods are probed over HTTP in this test (tests named byStatusOnly… judge by status). */
    private boolean httpProbes;

    private void start(DeploymentRef d) {
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED, null, List.of(Phase.HEALTH),
                T0, new EventRef("ev-" + d.deploymentId(), "/cd", "t", T0), null, null,
                new TargetDiscovery(List.of("c1"), "shop", "Deployment", "checkout", null, null, null, 8080, null, null, 0));
        verifications.pipeInput(d.slot(), JsonSerde.toBytes(v));
    }

    private static TargetsChanged.Pod pod(String name, String waitingReason) {
        String ip = "10.1.0." + (name.charAt(name.length() - 1) - 'a' + 10);
        return new TargetsChanged.Pod("c1/shop/" + name, "c1", "shop", name, "http://" + ip + ":8080", T0,
                waitingReason == null ? "Running" : "Pending", waitingReason == null,
                List.of(new TargetsChanged.Container("app", false, 0, waitingReason, waitingReason == null ? null : T0,
                        null)), null);
    }

    private void snapshot(DeploymentRef d, long sequence, int desired, TargetsChanged.Pod... pods) {
        TargetsChanged s = new TargetsChanged(null, d, sequence, now(), null, List.of(new TargetsChanged.Workload("c1",
                "shop", "Deployment", "checkout", "abc", desired, false)), List.of(pods), true, null);
        targets.pipeInput(d.slot(), JsonSerde.toBytes(s));
    }

    private Instant now() {
        return T0.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    private void advance(Duration total) {
        for (long s = 0; s < total.toSeconds(); s++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            elapsed = elapsed.plusSeconds(1);
        }
    }

    private List<PhaseResult> results() {
        List<PhaseResult> out = new ArrayList<>();
        results.readRecordsToList().forEach(r -> {
            try {
                out.add(Json.MAPPER.readValue(r.value(), PhaseResult.class));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }

    @Test
    void theDiscoveredPodsAreProbedAndPassWhenRunningReadyAndHealthy() {
        start(D1);
        advance(Duration.ofSeconds(3));
        assertThat(probed).allSatisfy(round -> assertThat(round).isEmpty());
        snapshot(D1, 1, 2, pod("web-a", null), pod("web-b", null));
        advance(Duration.ofSeconds(35));

        List<PhaseResult> r = results();
        assertThat(r).hasSize(1);
        assertThat(r.get(0).outcome()).isEqualTo(PhaseOutcome.PASSED);
        assertThat(r.get(0).summary()).startsWith("all 2 pods Running and Ready");
        assertThat(probed.get(probed.size() - 1)).containsExactly("c1/shop/web-a", "c1/shop/web-b");
    }

    @Test
    void aClusterThatDoesNotAnswerDepartsNothingItsPodsStayProbedAndNothingPassesMeanwhile() {
        start(D1);
        snapshot(D1, 1, 2, pod("web-a", null), pod("web-b", null));
        advance(Duration.ofSeconds(12));
        // Incomplete, and no workload of c1 in it: c1 did not answer. Its pods run on: still probed.
        TargetsChanged blip = new TargetsChanged(null, D1, 2, now(), null, List.of(), List.of(), false,
                "cluster c1 did not answer");
        targets.pipeInput(D1.slot(), JsonSerde.toBytes(blip));
        advance(Duration.ofSeconds(30));
        assertThat(released).as("nothing departed").isEmpty();
        assertThat(probed.get(probed.size() - 1)).containsExactly("c1/shop/web-a", "c1/shop/web-b");
        assertThat(results()).as("no pass on an incomplete snapshot").isEmpty();
        snapshot(D1, 3, 2, pod("web-a", null), pod("web-b", null));
        advance(Duration.ofSeconds(12));

        assertThat(results()).singleElement().satisfies(p -> assertThat(p.outcome()).isEqualTo(PhaseOutcome.PASSED));
    }

    @Test
    void aRevisionRolledAwayWithoutAnEventIsNoLongerProbed() {
        start(D1);
        snapshot(D1, 1, 2, pod("web-a", null), pod("web-b", null));
        advance(Duration.ofSeconds(12));
        // c1 answered: it runs another revision now. The announced version's pods are being removed.
        TargetsChanged away = new TargetsChanged(null, D1, 2, now(), null, List.of(new TargetsChanged.Workload("c1",
                "shop", "Deployment", "checkout", "zzz", 2, false)), List.of(), false,
                "workload runs sha256:1 not the announced sha256:2");
        targets.pipeInput(D1.slot(), JsonSerde.toBytes(away));
        advance(Duration.ofSeconds(12));
        assertThat(probed.get(probed.size() - 1)).as("no probes of pods being removed").isEmpty();
        assertThat(results()).isEmpty();
    }

    @Test
    void byStatusOnlyNoPodIsProbedAndRunningReadyPodsPassOnTheirOwnRounds() {
        start(D1);
        TargetsChanged.Pod starting = new TargetsChanged.Pod("c1/shop/web-b", "c1", "shop", "web-b",
                "http://10.1.0.11:8080", T0, "Pending", false,
                List.of(new TargetsChanged.Container("app", false, 0, "ContainerCreating", T0, null)), null);
        snapshot(D1, 1, 2, pod("web-a", null), starting);
        advance(Duration.ofSeconds(40));
        assertThat(results()).as("web-b is not Ready yet").isEmpty();
        snapshot(D1, 2, 2, pod("web-a", null), pod("web-b", null));
        advance(Duration.ofSeconds(35));

        assertThat(probed).as("no HTTP probe at all").allSatisfy(round -> assertThat(round).isEmpty());
        assertThat(results()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED);
            assertThat(r.summary()).startsWith("all 2 pods Running and Ready");
        });
    }

    @Test
    void byStatusOnlyReadinessThatComesAndGoesNeverAddsUpToAPass() {
        start(D1);
        TargetsChanged.Pod flapping = new TargetsChanged.Pod("c1/shop/web-a", "c1", "shop", "web-a",
                "http://10.1.0.10:8080", T0, "Running", false,
                List.of(new TargetsChanged.Container("app", false, 0, null, null, null)), null);
        for (int i = 1; i <= 8; i++) {
            snapshot(D1, i, 1, i % 2 == 1 ? pod("web-a", null) : flapping);
            advance(Duration.ofSeconds(10));
            assertThat(results()).as("round " + i).allSatisfy(r -> assertThat(r.outcome())
                    .isNotEqualTo(PhaseOutcome.PASSED));
        }
    }

    @Test
    void aPodStillStartingIsNotProbedUntilItIsFirstReadyThenAlways() {
        start(D1);
        TargetsChanged.Pod starting = new TargetsChanged.Pod("c1/shop/web-b", "c1", "shop", "web-b",
                "http://10.1.0.11:8080", T0, "Pending", false,
                List.of(new TargetsChanged.Container("app", false, 0, "ContainerCreating", T0, null)), null);
        snapshot(D1, 1, 2, pod("web-a", null), starting);
        advance(Duration.ofSeconds(25));
        assertThat(probed).as("web-b refuses connections while it starts: not probed").allSatisfy(round ->
                assertThat(round).doesNotContain("c1/shop/web-b"));
        assertThat(results()).as("web-a alone does not pass: web-b is not Ready").isEmpty();

        snapshot(D1, 2, 2, pod("web-a", null), pod("web-b", null));
        advance(Duration.ofSeconds(12));
        assertThat(probed.get(probed.size() - 1)).containsExactly("c1/shop/web-a", "c1/shop/web-b");
        // Not Ready again (its readiness fails): still probed, the probes are what tell.
        snapshot(D1, 3, 2, pod("web-a", null), new TargetsChanged.Pod("c1/shop/web-b", "c1", "shop", "web-b",
                "http://10.1.0.11:8080", T0, "Running", false, List.of(new TargetsChanged.Container("app", false, 0,
                null, null, null)), null));
        advance(Duration.ofSeconds(2));
        assertThat(probed.get(probed.size() - 1)).contains("c1/shop/web-b");
    }

    @Test
    void aSnapshotReadBeforeItsVerificationIsKept() {
        snapshot(D1, 1, 1, pod("web-a", null));
        start(D1);
        advance(Duration.ofSeconds(35));

        assertThat(probed.get(0)).containsExactly("c1/shop/web-a");
        assertThat(results()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(PhaseOutcome.PASSED));
    }

    @Test
    void aPodThatCannotStartFailsThePhaseAtOnceNamingIt() {
        start(D1);
        snapshot(D1, 1, 2, pod("web-a", null), pod("web-b", "CrashLoopBackOff"));

        List<PhaseResult> r = results();
        assertThat(r).hasSize(1);
        assertThat(r.get(0).outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(r.get(0).summary()).contains("c1/shop/web-b").contains("app").contains("CrashLoopBackOff");
    }

    @Test
    void aLatePodRunsItsOwnHealthyRoundsAndADepartedOneIsReleased() {
        start(D1);
        snapshot(D1, 1, 2, pod("web-a", null), pod("web-b", null));
        advance(Duration.ofSeconds(15));
        // web-b is replaced by web-c: a rolling replacement, neutral, but web-c must show its own run.
        snapshot(D1, 2, 2, pod("web-a", null), pod("web-c", null));
        assertThat(released).containsExactly("d1 c1/shop/web-b");
        advance(Duration.ofSeconds(15));
        assertThat(results()).as("web-a has its 3 rounds, web-c not yet").isEmpty();
        advance(Duration.ofSeconds(20));

        List<PhaseResult> r = results();
        assertThat(r).singleElement().satisfies(p -> assertThat(p.outcome()).isEqualTo(PhaseOutcome.PASSED));
        assertThat(probed.get(probed.size() - 1)).containsExactly("c1/shop/web-a", "c1/shop/web-c");
        assertThat(released).contains("d1 c1/shop/web-a", "d1 c1/shop/web-c");
    }

    @Test
    void anOlderSnapshotOrAnotherDeploymentsDoesNotChangeWhatIsProbed() {
        start(D1);
        snapshot(D1, 2, 1, pod("web-a", null));
        snapshot(D1, 1, 1, pod("web-z", null));
        snapshot(D2, 5, 1, pod("web-y", null));
        advance(Duration.ofSeconds(35));

        assertThat(probed).isNotEmpty().allSatisfy(round -> assertThat(round).containsExactly("c1/shop/web-a"));
        assertThat(results()).singleElement().satisfies(p -> assertThat(p.outcome()).isEqualTo(PhaseOutcome.PASSED));
    }

    @Test
    void withoutASnapshotThePhaseEndsInconclusiveNeverPassed() {
        start(D1);
        advance(Duration.ofMinutes(2).plusSeconds(5));

        PhaseResult r = results().get(0);
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.summary()).contains("discovery did not answer");
        assertThat(probed).isNotEmpty().allSatisfy(round -> assertThat(round).isEmpty());
    }

    @Test
    void aDiscoveredAddressTheTargetPolicyRefusesEndsTheVerificationWithTheReason() {
        start(D1);
        TargetsChanged.Pod metadata = new TargetsChanged.Pod("c1/shop/web-a", "c1", "shop", "web-a",
                "http://169.254.169.254:80", T0, "Running", true, List.of(), null);
        snapshot(D1, 1, 1, metadata);

        PhaseResult r = results().get(0);
        assertThat(r.outcome()).isEqualTo(PhaseOutcome.INCONCLUSIVE);
        assertThat(r.summary()).contains("169.254.169.254");
        assertThat(probed).allSatisfy(round -> assertThat(round).isEmpty());
    }
}
