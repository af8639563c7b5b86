package io.postflight.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Json;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.contracts.TargetsChanged;
import io.postflight.contracts.Topics;
import io.postflight.contracts.VerificationStarted;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.RecordMetrics;
import io.postflight.testing.AuditedOverrides;
import io.postflight.testing.TopologyFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The discovery processor in Kafka's test driver with a scripted pod source: when snapshots are
 * published, with which sequence, and when watches start and stop.
 */
class DiscoveryProcessorTest {
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final DeploymentRef D1 = new DeploymentRef("d1", "checkout", "prod", "1.1", null, "1.0");
    static final DeploymentRef D2 = new DeploymentRef("d2", "checkout", "prod", "1.2", null, "1.1");
    static final String SLOT = D1.slot();
    private static final DiscoveryConfig CONFIG = DiscoveryConfig.defaults();

    @TempDir
    Path stateDir;
    private final ScriptedPodSource source = new ScriptedPodSource();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyFixture fixture;
    private TestOutputTopic<String, byte[]> targets;
    private Instant now = T0;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private void run(PodSource podSource) {
        fixture = TopologyFixture.start("discovery-test", now, stateDir, b -> DiscoveryProcessor.topology().build(b,
                () -> new DiscoveryProcessor(podSource, CONFIG, new RecordMetrics(registry))));
        targets = fixture.output(Topics.TARGETS);
    }

    static TargetDiscovery discovery(String... clusters) {
        return new TargetDiscovery(List.of(clusters), "shop", "Deployment", "checkout", null, null, null, 8080, null,
                null, 0);
    }

    private void start(DeploymentRef d, TargetDiscovery discovery, Phase... phases) {
        VerificationStarted v = new VerificationStarted(null, d, DeployAction.DEPLOYED, null,
                List.of(phases.length == 0 ? new Phase[] {Phase.HEALTH, Phase.BASELINE} : phases), now,
                new EventRef("ev-" + d.deploymentId(), "/cd", "t", now), null, null, discovery);
        fixture.input(Topics.VERIFICATIONS).pipeInput(d.slot(), JsonSerde.toBytes(v));
    }

    static TargetsChanged.Pod pod(String cluster, String name, boolean ready) {
        return new TargetsChanged.Pod(cluster + "/shop/" + name, cluster, "shop", name, "http://10.0.0."
                + (name.length() + 1) + ":8080", T0, ready ? "Running" : "Pending", ready,
                List.of(new TargetsChanged.Container("app", false, 0, null, null, null)), null);
    }

    static PodSource.Snapshot found(String cluster, TargetsChanged.Pod... pods) {
        return new PodSource.Snapshot(new TargetsChanged.Workload(cluster, "shop", "Deployment", "checkout", "abc",
                pods.length, false), List.of(pods), true, null);
    }

    private void advance(Duration total) {
        for (long s = 0; s < total.toSeconds(); s++) {
            fixture.driver().advanceWallClockTime(Duration.ofSeconds(1));
            now = now.plusSeconds(1);
        }
    }

    private List<TargetsChanged> published() {
        return targets.readRecordsToList().stream().map(r -> {
            assertThat(r.key()).isEqualTo(SLOT);
            try {
                return Json.MAPPER.readValue(r.value(), TargetsChanged.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private KeyValueStore<String, DiscoveryWatch> store() {
        return fixture.driver().getKeyValueStore(DiscoveryProcessor.STORE);
    }

    @Test
    void theFirstSnapshotIsPublishedAtTheNextTickWithSequenceOne() {
        run(source);
        source.show("c1", found("c1", pod("c1", "web-a", true)));
        start(D1, discovery("c1"));
        assertThat(published()).as("nothing before the tick").isEmpty();

        advance(Duration.ofSeconds(1));

        List<TargetsChanged> out = published();
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.sequence()).isEqualTo(1);
            assertThat(s.deployment()).isEqualTo(D1);
            assertThat(s.complete()).isTrue();
            assertThat(s.pods()).extracting(TargetsChanged.Pod::instance).containsExactly("c1/shop/web-a");
            assertThat(s.workloads()).extracting(TargetsChanged.Workload::revision).containsExactly("abc");
        });
        assertThat(store().get(SLOT).lastSequence()).isEqualTo(1);
    }

    @Test
    void anUnchangedSetIsRepublishedOnlyAtTheResyncAsAHeartbeatWithTheNextSequence() {
        run(source);
        source.show("c1", found("c1", pod("c1", "web-a", true)));
        start(D1, discovery("c1"));
        advance(Duration.ofSeconds(1));
        TargetsChanged first = published().get(0);

        source.touch("c1");
        advance(Duration.ofSeconds(28));
        assertThat(published()).as("an event that changed nothing, and no resync yet").isEmpty();

        advance(Duration.ofSeconds(2));
        assertThat(published()).singleElement().satisfies(s -> {
            assertThat(s.sequence()).isEqualTo(2);
            assertThat(s.pods()).isEqualTo(first.pods());
            assertThat(s.observedAt()).isAfter(first.observedAt());
        });
        // Heartbeats count as published; the other value is registered at zero, for ratios.
        assertThat(new DiscoveryMetrics(registry).published(true)).isEqualTo(2);
        assertThat(registry.find("postflight.discovery.snapshots.published").tag("complete", "false").counter()
                .count()).isZero();
    }

    @Test
    void aPodChangeIsPublishedAtTheNextTickWithTheNextSequence() {
        run(source);
        source.show("c1", found("c1", pod("c1", "web-a", false)));
        start(D1, discovery("c1"));
        advance(Duration.ofSeconds(1));
        published();

        source.show("c1", found("c1", pod("c1", "web-a", true), pod("c1", "web-b", false)));
        advance(Duration.ofSeconds(1));

        assertThat(published()).singleElement().satisfies(s -> {
            assertThat(s.sequence()).isEqualTo(2);
            assertThat(s.pods()).extracting(TargetsChanged.Pod::pod, TargetsChanged.Pod::ready)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("web-a", true),
                            org.assertj.core.groups.Tuple.tuple("web-b", false));
        });
    }

    @Test
    void aVerificationWithoutDiscoveryOrWithoutHealthWatchesNothing() {
        run(source);
        start(D1, null);
        start(D2, discovery("c1"), Phase.BASELINE);
        advance(Duration.ofSeconds(40));

        assertThat(source.opened).isEmpty();
        assertThat(published()).isEmpty();
        assertThat(store().get(SLOT)).isNull();
    }

    @Test
    void aNewerDeploymentOfTheSlotClosesTheOldWatchAndStartsItsOwnSequence() {
        run(source);
        source.show("c1", found("c1", pod("c1", "web-a", true)));
        start(D1, discovery("c1"));
        advance(Duration.ofSeconds(1));
        start(D1, discovery("c1"));
        assertThat(source.opened).as("a re-delivery opens nothing").hasSize(1);
        published();

        start(D2, discovery("c1"));
        advance(Duration.ofSeconds(1));

        assertThat(source.opened).extracting(w -> w.deploymentId, w -> w.closed).containsExactly(
                org.assertj.core.groups.Tuple.tuple("d1", true), org.assertj.core.groups.Tuple.tuple("d2", false));
        assertThat(published()).singleElement().satisfies(s -> {
            assertThat(s.deployment().deploymentId()).isEqualTo("d2");
            assertThat(s.sequence()).isEqualTo(1);
        });
    }

    @Test
    void theDeploymentsHealthResultEndsTheWatchOtherResultsDoNot() {
        run(source);
        source.show("c1", found("c1", pod("c1", "web-a", true)));
        start(D1, discovery("c1"));
        advance(Duration.ofSeconds(1));
        published();

        result(D1, Phase.BASELINE);
        result(D2, Phase.HEALTH);
        assertThat(source.opened.get(0).closed).as("another phase's or deployment's result").isFalse();

        result(D1, Phase.HEALTH);
        advance(Duration.ofSeconds(40));

        assertThat(source.opened.get(0).closed).isTrue();
        assertThat(store().get(SLOT)).isNull();
        assertThat(published()).as("no heartbeat after the end").isEmpty();
    }

    private void result(DeploymentRef d, Phase phase) {
        PhaseResult r = new PhaseResult(null, d, phase, PhaseOutcome.PASSED, "ok", List.of(), now, now, null);
        fixture.input(Topics.PHASE_RESULTS).pipeInput(d.slot(), JsonSerde.toBytes(r));
    }

    @Test
    void anAppliedAbortOfTheWatchedDeploymentEndsTheWatchARefusedOneDoesNot() {
        run(source);
        source.show("c1", found("c1", pod("c1", "web-a", true)));
        start(D1, discovery("c1"));
        advance(Duration.ofSeconds(1));

        AuditedOverrides.pipe(fixture, AuditedOverrides.refused(AuditedOverrides.abort("o1", "d1", SLOT), "promoted"));
        AuditedOverrides.pipe(fixture, AuditedOverrides.applied(AuditedOverrides.abort("o2", "d0", SLOT)));
        assertThat(source.opened.get(0).closed).isFalse();

        AuditedOverrides.pipe(fixture, AuditedOverrides.applied(AuditedOverrides.abort("o3", "d1", SLOT)));

        assertThat(source.opened.get(0).closed).isTrue();
        assertThat(store().get(SLOT)).isNull();
    }

    @Test
    void aWatchStopsAtItsEndAfterHeartbeatsAndAVerificationReadAfterItsEndIsNotWatched() {
        run(source);
        source.show("c1", found("c1", pod("c1", "web-a", true)));
        start(D1, discovery("c1"));

        advance(CONFIG.watchFor().minusSeconds(1));
        List<TargetsChanged> out = published();
        assertThat(out).hasSize(20); // the first at 1 s, then one every 30 s up to 9 min 31 s
        assertThat(out.get(19).sequence()).isEqualTo(20);
        assertThat(store().get(SLOT)).isNotNull();

        advance(Duration.ofSeconds(1));
        assertThat(source.opened.get(0).closed).isTrue();
        assertThat(store().get(SLOT)).isNull();

        now = now.minus(CONFIG.watchFor());
        start(D2, discovery("c1"));
        assertThat(source.opened).as("started a watch-for ago").hasSize(1);
    }

    @Test
    void aClusterNobodyConfiguredGivesAnIncompleteSnapshotNamingIt() {
        ClusterClients none = new ClusterClients(List.of());
        run(new KubernetesPodSource(none, java.util.concurrent.Executors.newSingleThreadScheduledExecutor(),
                Duration.ofSeconds(10), new DiscoveryMetrics(registry)));
        start(D1, discovery("c9"));
        advance(Duration.ofSeconds(1));

        assertThat(published()).singleElement().satisfies(s -> {
            assertThat(s.complete()).isFalse();
            assertThat(s.problem()).isEqualTo("cluster c9 is not configured");
            assertThat(s.pods()).isEmpty();
        });
    }

    @Test
    void aRequestTheSourceCannotActOnSaysWhyInTheSnapshot() {
        ClusterClients one = new ClusterClients(List.of(new ClusterConfig("c1", true, null, null)), c -> {
            throw new AssertionError("no client is needed to refuse the request");
        });
        run(new KubernetesPodSource(one, java.util.concurrent.Executors.newSingleThreadScheduledExecutor(),
                Duration.ofSeconds(10), new DiscoveryMetrics(registry)));
        start(D1, discovery("c1"));
        advance(Duration.ofSeconds(1));

        assertThat(published()).singleElement().satisfies(s -> assertThat(s.problem())
                .startsWith("cluster c1: the discovery request is not usable: ").contains("artifact digest"));
    }

    @Test
    void aSourceThatThrowsGivesAnIncompleteSnapshotWithTheReasonAndTheProcessorGoesOn() {
        run(source);
        source.failOpening("c2", new IllegalStateException("no route to the API server"));
        source.show("c1", found("c1", pod("c1", "web-a", true)));
        start(D1, discovery("c1", "c2"));
        advance(Duration.ofSeconds(1));

        assertThat(published()).singleElement().satisfies(s -> {
            assertThat(s.complete()).isFalse();
            assertThat(s.problem()).isEqualTo("cluster c2: the watch failed (IllegalStateException; details at DEBUG in the service's log)");
            assertThat(s.pods()).extracting(TargetsChanged.Pod::instance).containsExactly("c1/shop/web-a");
        });

        source.failReading("c1", new IllegalArgumentException("cache\nbroken"));
        advance(Duration.ofSeconds(1));
        assertThat(published()).singleElement().satisfies(s -> {
            assertThat(s.sequence()).isEqualTo(2);
            assertThat(s.problem()).startsWith("cluster c1: the watch failed (IllegalArgumentException; details at DEBUG"
                    + " in the service's log); cluster c2:").doesNotContain("cache");
            assertThat(s.pods()).isEmpty();
        });

        // Opening is tried again at the resync; reading recovers at the next change.
        source.failOpening("c2", null);
        source.show("c2", found("c2", pod("c2", "web-z", true)));
        source.failReading("c1", null);
        advance(Duration.ofSeconds(1));
        assertThat(published()).singleElement().satisfies(s -> assertThat(s.problem()).startsWith("cluster c2:"));
        advance(Duration.ofSeconds(30));
        assertThat(published()).singleElement().satisfies(s -> {
            assertThat(s.sequence()).isEqualTo(4);
            assertThat(s.complete()).isTrue();
            assertThat(s.pods()).extracting(TargetsChanged.Pod::instance).containsExactly("c1/shop/web-a",
                    "c2/shop/web-z");
        });
        DiscoveryMetrics meters = new DiscoveryMetrics(registry);
        assertThat(meters.published(false)).as("snapshots published incomplete").isEqualTo(3);
        assertThat(meters.published(true)).as("snapshots published complete").isEqualTo(1);
    }
}
