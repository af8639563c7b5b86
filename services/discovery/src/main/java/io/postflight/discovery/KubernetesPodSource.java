package io.postflight.discovery;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.contracts.TargetsChanged;
import io.postflight.provider.kubernetes.DiscoveredPod;
import io.postflight.provider.kubernetes.DiscoveredWorkload;
import io.postflight.provider.kubernetes.ExpectedIdentity;
import io.postflight.provider.kubernetes.PodWatch;
import io.postflight.provider.kubernetes.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods from the Kubernetes API through the provider's {@link PodWatch}. Starting a watch lists the
 * workload's objects and waits for the informers' first list, so it runs on {@code starter}, never on
 * the stream thread; until it has started the watch's snapshot is incomplete ("starting"), and a start
 * that fails says why, is counted ({@link DiscoveryMetrics}) and is tried again behind the cluster's
 * {@link ClusterBackoff} (a delay doubling from {@code retry}, and a breaker that stops calling an API
 * server that keeps failing); a watch whose informers stopped is started again the same way. The
 * watches started and not yet closed are this source's gauge of open watches.
 */
public final class KubernetesPodSource implements PodSource {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPodSource.class);
    private static final String STOPPED = "cluster %s: the watch of the API server stopped; starting it again";
    private static final String DISCONNECTED = "cluster %s: the watch of the API server has been disconnected for"
            + " over %d s; what it last saw is not published";
    /**
     * How long a watch may be disconnected before its cache is no longer published as the pods' state:
     * longer than an ordinary reconnect, short beside the health verifier's 60 s freshness, so a cache
     * frozen by an API server outage never stands for the pods for long.
     */
    static final Duration DISCONNECTED_GRACE = Duration.ofSeconds(10);

    private final ClusterClients clients;
    private final ScheduledExecutorService starter;
    private final ClusterBackoff backoff;
    private final DiscoveryMetrics metrics;
    /** Watches of an API server started and not yet closed, across this source's tasks. */
    private final AtomicInteger open = new AtomicInteger();

    /** @param retry the first delay after a failed start; later ones double, per cluster ({@link ClusterBackoff}) */
    public KubernetesPodSource(ClusterClients clients, ScheduledExecutorService starter, Duration retry,
                               DiscoveryMetrics metrics) {
        this(clients, starter, ClusterBackoff.of(Objects.requireNonNull(retry, "retry")), metrics);
    }

    KubernetesPodSource(ClusterClients clients, ScheduledExecutorService starter, ClusterBackoff backoff,
                        DiscoveryMetrics metrics) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.register(open, clients.names());
    }

    @Override
    public Watch open(String cluster, TargetDiscovery discovery, DeploymentRef deployment, Runnable dirty) {
        if (!clients.configured(cluster)) {
            Snapshot unknown = Snapshot.incomplete(ClusterClients.notConfigured(cluster));
            return new Watch() {
                @Override
                public Snapshot snapshot() {
                    return unknown;
                }

                @Override
                public void close() {
                }
            };
        }
        // Checked here, so a request the provider cannot act on is refused at once with its reason.
        WorkloadRef workload = ProviderRequests.workload(discovery);
        ExpectedIdentity expected = ProviderRequests.identity(discovery, deployment);
        StartingWatch watch = new StartingWatch(cluster, workload, expected, dirty, Instant.now());
        starter.execute(watch::start);
        return watch;
    }

    /** A watch being started on the starter's thread, then the provider's watch it started. */
    private final class StartingWatch implements Watch {
        private final String cluster;
        private final WorkloadRef workload;
        private final ExpectedIdentity expected;
        private final Runnable dirty;
        /** Stands in for a pod's creation time the API did not give: fixed, so snapshots stay equal. */
        private final Instant openedAt;
        private PodWatch started;
        /** When the started watch was last seen connected (its start counts). */
        private Instant connectedAt;
        private String problem;
        private boolean closed;

        StartingWatch(String cluster, WorkloadRef workload, ExpectedIdentity expected, Runnable dirty, Instant openedAt) {
            this.cluster = cluster;
            this.workload = workload;
            this.expected = expected;
            this.dirty = dirty;
            this.openedAt = openedAt;
            this.problem = "cluster " + cluster + ": the watch is starting";
        }

        void start() {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            Duration wait = backoff.beforeTrying(cluster);
            if (!wait.isZero()) {
                // The cluster's breaker is open: no request until its next try; the problem stays the last one.
                schedule(wait);
                return;
            }
            PodWatch watch;
            try {
                watch = PodWatch.start(cluster, clients.client(cluster), workload, expected, dirty);
            } catch (RuntimeException e) {
                String why = Problems.describe(e);
                Duration next = backoff.failed(cluster);
                LOG.debug("cluster {}: the watch's failure in full", cluster, e);
                LOG.warn("cluster {}: watching {} in namespace {} did not start ({}); trying again in {}", cluster,
                        workload.name() == null ? "a workload" : workload.name(), workload.namespace(), why, next);
                metrics.watchStartFailed(cluster);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    problem = "cluster " + cluster + ": the watch did not start (" + why + ")";
                }
                dirty.run();
                schedule(next);
                return;
            }
            backoff.succeeded(cluster);
            synchronized (this) {
                if (closed) {
                    watch.close();
                    return;
                }
                started = watch;
                connectedAt = Instant.now();
                open.incrementAndGet();
            }
            dirty.run();
        }

        private void schedule(Duration wait) {
            try {
                starter.schedule(this::start, Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The service is stopping: nothing is left to watch for.
            }
        }

        /**
         * The informers stopped (fabric8 gives up on errors it takes for final, such as a permission
         * withdrawn): the cache is no longer fed, so the watch is closed and started again, behind the
         * cluster's backoff, instead of publishing a frozen view or staying incomplete for good.
         */
        private void restart(PodWatch stopped) {
            synchronized (this) {
                if (closed || started != stopped) {
                    return;
                }
                started = null;
                problem = STOPPED.formatted(cluster);
            }
            open.decrementAndGet();
            metrics.watchStartFailed(cluster);
            stopped.close();
            LOG.warn("cluster {}: the watch of {} in namespace {} stopped; starting it again", cluster,
                    workload.name() == null ? "a workload" : workload.name(), workload.namespace());
            schedule(backoff.failed(cluster));
        }

        @Override
        public Snapshot snapshot() {
            PodWatch watch;
            String why;
            synchronized (this) {
                watch = started;
                why = problem;
            }
            if (watch == null) {
                return Snapshot.incomplete(why);
            }
            if (!watch.watching()) {
                // A cache no longer fed by its watch would be published as fresh: say it is not, and restart it.
                try {
                    starter.execute(() -> restart(watch));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // The service is stopping.
                }
                return Snapshot.incomplete(STOPPED.formatted(cluster));
            }
            // Measured from when the watch was last seen connected, not first seen disconnected: nothing
            // marks a slot dirty when a watch drops, so the next look may be a heartbeat 30 s later, and
            // the cache it would publish then is already that old. A brief reconnect caught at that
            // moment costs one incomplete heartbeat, never a frozen view published as fresh.
            Instant now = Instant.now();
            if (watch.connected()) {
                synchronized (this) {
                    connectedAt = now;
                }
            } else {
                Instant last;
                synchronized (this) {
                    last = connectedAt;
                }
                if (Duration.between(last, now).compareTo(DISCONNECTED_GRACE) > 0) {
                    return Snapshot.incomplete(DISCONNECTED.formatted(cluster, DISCONNECTED_GRACE.toSeconds()));
                }
            }
            return snapshotOf(watch.snapshot(), openedAt);
        }

        @Override
        public void close() {
            PodWatch watch;
            synchronized (this) {
                closed = true;
                watch = started;
                started = null;
            }
            if (watch != null) {
                open.decrementAndGet();
                watch.close();
            }
        }
    }

    /** The provider's view of one cluster in the contract's terms. */
    static Snapshot snapshotOf(DiscoveredWorkload w, Instant unknownCreation) {
        TargetsChanged.Workload workload = w.name() == null ? null : new TargetsChanged.Workload(w.cluster(),
                w.namespace(), w.kind(), w.name(), w.revision(), w.desired(), w.progressDeadlineExceeded());
        List<TargetsChanged.Pod> pods = w.pods().stream().map(p -> pod(w, p, unknownCreation)).toList();
        return new Snapshot(workload, pods, w.complete(), w.problem());
    }

    /**
     * A pod in the contract's terms. The provider lists init containers first but does not mark them,
     * so every container is written {@code init=false}; {@code waitingSince} is left to the health
     * verifier, which notes when it first saw a reason (HealthTracker).
     */
    private static TargetsChanged.Pod pod(DiscoveredWorkload w, DiscoveredPod p, Instant unknownCreation) {
        List<TargetsChanged.Container> containers = p.containers().stream()
                .map(c -> new TargetsChanged.Container(c.name(), false, c.restarts(), c.waitingReason(), null,
                        c.lastTerminatedReason()))
                .toList();
        return new TargetsChanged.Pod(p.instance(), w.cluster(), w.namespace(), p.pod(), p.url(),
                p.createdAt() == null ? unknownCreation : p.createdAt(), p.phase() == null ? "Unknown" : p.phase(),
                p.ready(), containers, p.unschedulableSince());
    }
}
