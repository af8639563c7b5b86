package io.postflight.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.contracts.TargetsChanged;
import io.postflight.provider.kubernetes.ksm.InstantQueries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Choosing the kube-state-metrics source, its start-up checks, and its polling off the stream thread. */
class KubeStateMetricsSourceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static DiscoveryConfig config(String source) {
        return new DiscoveryConfig(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofSeconds(10), source, Duration.ofMillis(50));
    }

    @Test
    void anUnknownSourceStopsStartUpNamingTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> config("prometheus"))
                .withMessage("postflight.discovery.source: 'prometheus' is not kubernetes-api or kube-state-metrics");
        assertThat(DiscoveryConfig.defaults().fromKubeStateMetrics()).isFalse();
        assertThat(config(TargetsChanged.SOURCE_KUBE_STATE_METRICS).fromKubeStateMetrics()).isTrue();
    }

    @Test
    void aPollLongerThanThirtySecondsIsRefusedAndAReadOlderThanTwoPollsIsNotPublished() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DiscoveryConfig(Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(10), null, Duration.ofSeconds(31)))
                .withMessageStartingWith("postflight.discovery.poll (PT31S) must be at most PT30S");
        assertThat(KubeStateMetricsPodSource.staleAfter(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(30));
        assertThat(KubeStateMetricsPodSource.staleAfter(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(30));
        assertThat(KubeStateMetricsPodSource.staleAfter(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void kubeStateMetricsWithoutItsPrometheusStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("postflight.discovery.metrics.prometheus.url is not set");
        assertThatThrownBy(() -> bind(Map.of("postflight.discovery.metrics.provider", "scrape",
                "postflight.discovery.metrics.prometheus.url", "http://prometheus:9090")))
                .hasMessageStartingWith("postflight.discovery.metrics.provider:");
        assertThatThrownBy(() -> bind(Map.of("postflight.discovery.metrics.prometheus.url", "prometheus")))
                .hasMessageContaining("postflight.discovery.metrics.prometheus.url");
        assertThat(bind(Map.of("postflight.discovery.metrics.prometheus.url", "http://prometheus:9090",
                "postflight.discovery.metrics.timeout", "3s")).timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theConfiguredSourceIsTheOneWired() {
        ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor();
        try (ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "postflight.discovery.metrics.prometheus.url", "http://prometheus:9090")).build()) {
            Environment env = context.getEnvironment().start();
            DiscoveryStreamsFactory factory = new DiscoveryStreamsFactory();
            ClusterClients clients = new ClusterClients(List.of());
            try (PodSource ksm = factory.podSource(config(TargetsChanged.SOURCE_KUBE_STATE_METRICS), clients, env,
                    new SimpleMeterRegistry(), starter);
                 PodSource api = factory.podSource(DiscoveryConfig.defaults(), clients, env, new SimpleMeterRegistry(),
                         starter)) {
                assertThat(ksm).isInstanceOf(KubeStateMetricsPodSource.class);
                assertThat(ksm.name()).isEqualTo(TargetsChanged.SOURCE_KUBE_STATE_METRICS);
                assertThat(api).isInstanceOf(KubernetesPodSource.class);
                assertThat(api.name()).isEqualTo(TargetsChanged.SOURCE_API);
            }
        } finally {
            starter.shutdownNow();
        }
    }

    private static io.postflight.provider.source.MetricsSource bind(Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).build()) {
            return KubeStateMetricsPrometheus.bind(context.getEnvironment().start());
        }
    }

    @Test
    void aWatchPollsOffTheCallersThreadAndSaysDirtyOnlyWhenItsResultChanged() {
        AtomicReference<String> phase = new AtomicReference<>("Pending");
        AtomicInteger queries = new AtomicInteger();
        InstantQueries prometheus = promql -> {
            queries.incrementAndGet();
            String metric = promql.replaceFirst("^\\(+", "").replaceFirst("\\{.*", "");
            return switch (metric) {
                case "kube_replicaset_created" -> List.of(series(1, "replicaset", "web-7d9", "owner_kind", "Deployment"));
                case "kube_deployment_spec_replicas" -> List.of(series(1));
                case "kube_pod_info" -> List.of(series(1, "pod", "web-7d9-a", "pod_ip", "10.0.0.1"));
                case "kube_pod_status_phase" -> List.of(series(1, "pod", "web-7d9-a", "phase", phase.get()));
                case "kube_pod_container_info" -> List.of(series(1, "pod", "web-7d9-a", "container", "app",
                        "image_spec", "r/web@" + DIGEST));
                default -> List.of();
            };
        };
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try (PodSource source = new KubeStateMetricsPodSource(prometheus, poller, Duration.ofMillis(50), () -> { })) {
            AtomicInteger dirty = new AtomicInteger();
            PodSource.Watch watch = source.open("c1", new TargetDiscovery(List.of("c1"), "shop", "Deployment", "web",
                    null, null, null, 8080, null, "digest", 10), new DeploymentRef("d1", "web", "shop", "1.1", DIGEST,
                    "1.0"), dirty::incrementAndGet);
            assertThat(source.name()).isEqualTo(TargetsChanged.SOURCE_KUBE_STATE_METRICS);

            await().atMost(Duration.ofSeconds(10)).until(() -> watch.snapshot().complete());
            assertThat(watch.snapshot().pods()).singleElement().satisfies(p -> assertThat(p.phase()).isEqualTo("Pending"));
            int seen = queries.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> queries.get() > seen + 30);
            assertThat(dirty.get()).as("polls that found the same").isEqualTo(1);

            phase.set("Running");
            await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(watch.snapshot().pods().get(0).phase()));
            assertThat(dirty.get()).isEqualTo(2);

            watch.close();
            int afterClose = queries.get();
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
            assertThat(queries.get()).as("no polls after close").isLessThanOrEqualTo(afterClose + 13);
        } finally {
            poller.shutdownNow();
        }
    }

    private static InstantQueries.Series series(double value, String... labels) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return new InstantQueries.Series(m, value);
    }
}
