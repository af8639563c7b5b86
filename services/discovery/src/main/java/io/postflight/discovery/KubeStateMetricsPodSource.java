package io.postflight.discovery;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.contracts.TargetsChanged;
import io.postflight.provider.kubernetes.ExpectedIdentity;
import io.postflight.provider.kubernetes.WorkloadRef;
import io.postflight.provider.kubernetes.ksm.InstantQueries;
import io.postflight.provider.kubernetes.ksm.KubeStateMetricsReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods from kube-state-metrics through Prometheus (ADR 0029 §7, {@code postflight.discovery.source:
 * kube-state-metrics}). Each watch reads its workload every {@code poll} on the {@code poller}'s
 * threads, never on the stream thread, keeps the result, and calls {@code dirty} when it differs from
 * the last; {@link Watch#snapshot()} is a memory read. Data is up to a scrape interval old, and a
 * Prometheus that does not answer makes the snapshot incomplete with the reason, never a pass.
 */
public final class KubeStateMetricsPodSource implements PodSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubeStateMetricsPodSource.class);

    private final InstantQueries prometheus;
    private final ScheduledExecutorService poller;
    private final Duration poll;
    private final AutoCloseable resources;

    /**
     * @param resources closed with the source: the Prometheus client and what bounds its calls
     */
    public KubeStateMetricsPodSource(InstantQueries prometheus, ScheduledExecutorService poller, Duration poll,
                                     AutoCloseable resources) {
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.poller = Objects.requireNonNull(poller, "poller");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    public String name() {
        return TargetsChanged.SOURCE_KUBE_STATE_METRICS;
    }

    @Override
    public Watch open(String cluster, TargetDiscovery discovery, DeploymentRef deployment, Runnable dirty) {
        // Checked here, so a request the reader cannot act on is refused at once with its reason.
        WorkloadRef workload = ProviderRequests.workload(discovery);
        ExpectedIdentity expected = ProviderRequests.identity(discovery, deployment);
        PollingWatch watch = new PollingWatch(new KubeStateMetricsReader(cluster, prometheus), cluster, workload,
                expected, dirty, Instant.now(), staleAfter(poll));
        watch.scheduled = poller.scheduleWithFixedDelay(watch::read, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /**
     * How old the last read may be before it no longer stands for the pods: two polls (at least 30 s;
     * {@code poll} is at most 30 s). Polls share threads with every other watch; when they fall behind
     * (a slow Prometheus, many verifications), the heartbeats must not keep publishing an old read as fresh.
     */
    static Duration staleAfter(Duration poll) {
        Duration two = poll.multipliedBy(2);
        return two.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : two;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("closing the kube-state-metrics Prometheus client failed: {}", e.getClass().getSimpleName());
        }
    }

    /** One workload read again every poll; what it read last is its snapshot. */
    private static final class PollingWatch implements Watch {
        private final KubeStateMetricsReader reader;
        private final String cluster;
        private final WorkloadRef workload;
        private final ExpectedIdentity expected;
        private final Runnable dirty;
        /** Stands in for a pod's creation time Prometheus did not give: fixed, so snapshots stay equal. */
        private final Instant openedAt;
        private volatile Snapshot last;
        /** When the last read finished (null before the first). */
        private volatile Instant readAt;
        private final Duration staleAfter;
        private volatile boolean closed;
        private volatile ScheduledFuture<?> scheduled;

        PollingWatch(KubeStateMetricsReader reader, String cluster, WorkloadRef workload, ExpectedIdentity expected,
                     Runnable dirty, Instant openedAt, Duration staleAfter) {
            this.staleAfter = staleAfter;
            this.reader = reader;
            this.cluster = cluster;
            this.workload = workload;
            this.expected = expected;
            this.dirty = dirty;
            this.openedAt = openedAt;
            this.last = Snapshot.incomplete("cluster " + cluster + ": kube-state-metrics is being read");
        }

        /** One poll; a failure is this round's problem, and the next poll runs as scheduled. */
        void read() {
            Snapshot now;
            try {
                now = KubernetesPodSource.snapshotOf(reader.find(workload, expected), openedAt);
            } catch (RuntimeException e) {
                LOG.debug("cluster {}: reading kube-state-metrics failed in full", cluster, e);
                now = Snapshot.incomplete("cluster " + cluster + ": reading kube-state-metrics failed ("
                        + Problems.describe(e) + ")");
            }
            readAt = Instant.now();
            if (!closed && !now.equals(last)) {
                last = now;
                dirty.run();
            }
        }

        @Override
        public Snapshot snapshot() {
            Instant at = readAt;
            if (at != null && Duration.between(at, Instant.now()).compareTo(staleAfter) > 0) {
                return Snapshot.incomplete("cluster " + cluster + ": kube-state-metrics not read for over "
                        + staleAfter.toSeconds() + " s (polls behind); the last read is not published");
            }
            return last;
        }

        @Override
        public void close() {
            closed = true;
            ScheduledFuture<?> s = scheduled;
            if (s != null) {
                s.cancel(true);
            }
        }
    }
}
