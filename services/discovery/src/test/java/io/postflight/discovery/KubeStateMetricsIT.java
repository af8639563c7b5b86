package io.postflight.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.contracts.TargetsChanged;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.health.Discovery;
import io.postflight.judge.health.HealthJudge;
import io.postflight.judge.health.HealthPolicy;
import io.postflight.judge.health.HealthTracker;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.judge.pod.ContainerState;
import io.postflight.judge.pod.PodState;
import io.postflight.testing.PrometheusServer;
import io.postflight.testing.PrometheusServer.ScrapeJob;
import io.postflight.testing.ScriptedHttpServer;
import io.postflight.testing.ScriptedHttpServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kube-state-metrics source against a real Prometheus scraping kube-state-metrics' exposition
 * text (ADR 0029 §7), its snapshots fed through the health judge as the health verifier feeds them:
 * the same outcomes as the API path. A Deployment rolls from an old ReplicaSet to a new one whose
 * pods become ready (PASSED, the old pods never targets); three others fail on their own
 * (CrashLoopBackOff with rising restarts, OOMKilled, ImagePullBackOff: FAILED naming pod and reason;
 * the last also past its progress deadline);
 * then Prometheus stops, and the snapshot is incomplete, so the phase ends INCONCLUSIVE, never PASSED.
 */
class KubeStateMetricsIT {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final String OLD_DIGEST = "sha256:" + "01".repeat(32);
    private static final String NEW_IMAGE = "registry.example/shop@" + DIGEST;
    private static final String OLD_IMAGE = "registry.example/shop@" + OLD_DIGEST;
    private static final HealthPolicy POLICY = new HealthPolicy(3, 2, 3, Duration.ofMinutes(1));
    private static final Duration PROBES = Duration.ofSeconds(10);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    /** The old ReplicaSet's pod, ready, beside whatever the new one has. */
    private static KsmExposition cluster(boolean pullyStuck) {
        KsmExposition k = new KsmExposition();
        for (String w : List.of("checkout", "crashy", "oomy", "pully")) {
            k.deployment(w, w.equals("checkout") ? 2 : 1, pullyStuck && w.equals("pully")).replicaSet(w + "-5f4", w, 1_764_400_000, 1)
                    .replicaSet(w + "-7d9", w, 1_764_410_000, w.equals("checkout") ? 2 : 1)
                    .pod(w + "-5f4-old", w + "-5f4", "10.0.9.9", "Running", true, OLD_IMAGE, OLD_IMAGE, 0, null, null);
        }
        return k;
    }

    private static KsmExposition rolling(int step) {
        boolean later = step > 1;
        return cluster(later)
                .pod("checkout-7d9-a", "checkout-7d9", "10.0.0.1", later ? "Running" : "Pending", later, NEW_IMAGE,
                        later ? NEW_IMAGE : "", 0, later ? null : "ContainerCreating", null)
                .pod("checkout-7d9-b", "checkout-7d9", "10.0.0.2", later ? "Running" : "Pending", later, NEW_IMAGE,
                        later ? NEW_IMAGE : "", 0, later ? null : "ContainerCreating", null)
                .pod("crashy-7d9-a", "crashy-7d9", "10.0.1.1", "Running", false, NEW_IMAGE, NEW_IMAGE,
                        later ? 4 : 1, later ? "CrashLoopBackOff" : null, "Error")
                .pod("oomy-7d9-a", "oomy-7d9", "10.0.2.1", "Running", true, NEW_IMAGE, NEW_IMAGE, later ? 1 : 0,
                        null, later ? "OOMKilled" : null)
                .pod("pully-7d9-a", "pully-7d9", "10.0.3.1", "Pending", false, NEW_IMAGE, "", 0,
                        later ? "ImagePullBackOff" : "ErrImagePull", null);
    }

    @Test
    void podStatusFromKubeStateMetricsGivesTheApiPathsOutcomes() throws Exception {
        ScriptedHttpServer ksm = new ScriptedHttpServer().otherwise(Reply.ok(rolling(1).text()));
        closeables.add(ksm);
        PrometheusServer prometheus = PrometheusServer.start(Duration.ofSeconds(1), List.of(new ScrapeJob(
                "kube-state-metrics", List.of(ksm.uri("/").getAuthority()), Map.of())));
        closeables.add(prometheus);
        prometheus.awaitTargetsUp(1, Duration.ofSeconds(30));
        ScheduledExecutorService poller = Executors.newScheduledThreadPool(2);
        closeables.add(poller::shutdownNow);
        ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "postflight.discovery.metrics.prometheus.url", prometheus.url().toString(),
                "postflight.discovery.metrics.timeout", "2s", "postflight.discovery.metrics.attempts", "1")).build();
        closeables.add(context);
        DiscoveryConfig config = new DiscoveryConfig(Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofSeconds(10), TargetsChanged.SOURCE_KUBE_STATE_METRICS,
                Duration.ofMillis(500));
        PodSource source = KubeStateMetricsPrometheus.podSource(config, context.getEnvironment().start(),
                new SimpleMeterRegistry(), poller);
        closeables.add(source);

        Workload checkout = new Workload(source, "checkout");
        Workload crashy = new Workload(source, "crashy");
        Workload oomy = new Workload(source, "oomy");
        Workload pully = new Workload(source, "pully");
        List<Workload> all = List.of(checkout, crashy, oomy, pully);

        checkout.until(s -> s.complete() && s.pods().size() == 2 && s.pods().stream().noneMatch(p -> p.ready()));
        for (Workload w : all) {
            w.until(s -> s.complete() && !s.pods().isEmpty());
            w.fold();
            assertThat(w.verdict().status()).as(w.name).isEqualTo(JudgeStatus.WATCHING);
        }
        assertThat(checkout.last.source()).isEqualTo(TargetsChanged.SOURCE_KUBE_STATE_METRICS);
        assertThat(checkout.last.workloads()).singleElement().satisfies(wl -> {
            assertThat(wl.revision()).isEqualTo("7d9");
            assertThat(wl.desired()).isEqualTo(2);
        });
        assertThat(checkout.last.pods()).extracting(TargetsChanged.Pod::instance)
                .as("the old ReplicaSet's pod is never a target")
                .containsExactly("c1/shop/checkout-7d9-a", "c1/shop/checkout-7d9-b");
        assertThat(checkout.last.pods()).extracting(TargetsChanged.Pod::url)
                .containsExactly("http://10.0.0.1:8080", "http://10.0.0.2:8080");

        ksm.otherwise(Reply.ok(rolling(2).text()));
        // Complete too: a poll that failed or straddled a scrape is incomplete, and only the next one passes.
        checkout.until(s -> s.complete() && s.pods().size() == 2 && s.pods().stream().allMatch(p -> p.ready()));
        checkout.fold();
        checkout.probedHealthy(POLICY.passAfterConsecutiveHealthy());
        assertThat(checkout.verdict().status()).as(checkout.verdict().summary()).isEqualTo(JudgeStatus.PASSED);

        crashy.until(s -> s.pods().get(0).containers().get(0).restarts() == 4);
        crashy.fold();
        assertFailed(crashy, "pod c1/shop/crashy-7d9-a container app: CrashLoopBackOff");
        oomy.until(s -> "OOMKilled".equals(s.pods().get(0).containers().get(0).lastTerminatedReason()));
        oomy.fold();
        assertFailed(oomy, "pod c1/shop/oomy-7d9-a container app: OOMKilled");
        pully.until(s -> "ImagePullBackOff".equals(s.pods().get(0).containers().get(0).waitingReason()));
        pully.fold();
        assertFailed(pully, "pod c1/shop/pully-7d9-a container app: ImagePullBackOff");
        pully.until(s -> s.workloads().get(0).progressDeadlineExceeded());
        assertThat(crashy.last.workloads().get(0).progressDeadlineExceeded()).isFalse();

        // Prometheus goes away: what the last snapshot showed is not taken as still true.
        Workload late = new Workload(source, "checkout");
        late.until(s -> s.complete() && s.pods().stream().allMatch(p -> p.ready()));
        late.fold();
        closeables.remove(prometheus);
        prometheus.close();
        late.until(s -> !s.complete());
        assertThat(late.last.problem()).startsWith("kube-state-metrics: Prometheus did not answer");
        late.fold();
        late.probedHealthy(POLICY.passAfterConsecutiveHealthy());
        assertThat(late.verdict().status()).isEqualTo(JudgeStatus.WATCHING);
        JudgeVerdict end = late.verdictAt(late.startedAt.plus(POLICY.phaseDuration()).plusSeconds(1));
        assertThat(end.status()).isEqualTo(JudgeStatus.INCONCLUSIVE);
        assertThat(end.summary()).contains("discovery incomplete: kube-state-metrics: Prometheus did not answer");
    }

    private static void assertFailed(Workload w, String summary) {
        JudgeVerdict v = w.verdict();
        assertThat(v.status()).as(v.summary()).isEqualTo(JudgeStatus.FAILED);
        assertThat(v.summary()).startsWith(summary);
    }

    /**
     * One verification's watch and the health verifier's view of it: each snapshot folded into the
     * tracker as {@code HealthPhaseProcessor.fold} does ({@code DiscoveredTargets.pods}, {@code .status}).
     */
    private static final class Workload {
        private static final AtomicInteger IDS = new AtomicInteger();
        final String name;
        final PodSource source;
        final DeploymentRef deployment;
        final PodSource.Watch watch;
        final Instant startedAt = Instant.now();
        private final HealthJudge judge = new HealthJudge(POLICY);
        private HealthTracker tracker;
        private long sequence;
        TargetsChanged last;

        Workload(PodSource source, String name) {
            this.name = name;
            this.source = source;
            this.deployment = new DeploymentRef("d" + IDS.incrementAndGet(), name, "prod", "1.1", DIGEST, "1.0");
            this.watch = source.open("c1", new TargetDiscovery(List.of("c1"), KsmExposition.NS, "Deployment", name,
                    null, null, null, 8080, null, "digest", 100), deployment, () -> { });
            this.tracker = HealthTracker.start(startedAt, List.of());
        }

        /** Waits until the published snapshot satisfies {@code until}; keeps it as {@link #last}. */
        void until(Predicate<TargetsChanged> until) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                last = TargetsSnapshots.merge(deployment, ++sequence, Instant.now(), 100, source.name(),
                        List.of(watch.snapshot())).checked();
                assertThat(until.test(last)).as("%s's snapshot: %s", name, last).isTrue();
            });
        }

        void fold() {
            List<PodState> pods = last.pods().stream().map(p -> new PodState(p.instance(), p.phase(), p.ready(),
                    p.containers().stream().map(c -> new ContainerState(c.name(), c.restarts(), c.waitingReason(),
                            c.waitingSince(), c.lastTerminatedReason())).toList(), Map.of(), p.unschedulableSince()))
                    .toList();
            tracker = tracker.retarget(pods, Instant.now(), HealthJudge.MAX_LISTED_INSTANCES, last.complete());
        }

        /** Rounds of healthy probes on every active instance (the pods' IPs are not reachable from here). */
        void probedHealthy(int rounds) {
            for (int r = 0; r < rounds; r++) {
                tracker = tracker.observe(tracker.active().stream().map(i -> new ProbeObservation(i.instance(), true,
                        true, true, "ok", 1)).toList());
            }
        }

        JudgeVerdict verdict() {
            return verdictAt(Instant.now());
        }

        JudgeVerdict verdictAt(Instant now) {
            int desired = last.workloads().stream().mapToInt(TargetsChanged.Workload::desired).sum();
            boolean stuck = last.workloads().stream().anyMatch(TargetsChanged.Workload::progressDeadlineExceeded);
            Discovery discovery = new Discovery(last.complete(), true, last.workloads().isEmpty() ? null : desired,
                    stuck, last.problem());
            return judge.judge(tracker, now, discovery, PROBES);
        }
    }
}
