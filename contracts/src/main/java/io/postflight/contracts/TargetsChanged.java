package io.postflight.contracts;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The whole set of a deployment's new-version pods as the discovery service sees them now (ADR
 * 0029): a full snapshot, not a change, so a lost or reordered record is repaired by the next one
 * and the newest {@code sequence} wins. Keyed by slot on {@link Topics#TARGETS}; republished
 * unchanged every resync interval as a heartbeat, so a reader knows the set is still watched.
 *
 * <p>Only what a verifier needs is copied from Kubernetes: names, addresses, phase, readiness,
 * restarts and reasons; never environment, annotations, specs or container messages, which may
 * hold secrets. Reasons are strings (a kubelet may add one), printable and at most
 * {@link #MAX_REASON} characters.
 *
 * @param schema always {@link #SCHEMA}
 * @param deployment the deployment whose new version these pods run
 * @param sequence per deployment, from 1; a reader keeps the highest
 * @param observedAt when the discovery service read the set (its clock)
 * @param source {@code kubernetes-api} or {@code kube-state-metrics}
 * @param workloads the workload per cluster and the revision taken as the new version
 * @param pods the new version's pods, at most {@link TargetDiscovery#MAX_PODS}, each with at most
 *     {@link #MAX_CONTAINERS} containers
 * @param complete false when a cluster did not answer, the workload was not found or not yet the
 *     announced version, or there were more pods than the limit: such a snapshot never lets a
 *     phase pass
 * @param problem why the snapshot is incomplete, in one sentence (absent when complete)
 */
public record TargetsChanged(String schema, DeploymentRef deployment, long sequence, Instant observedAt,
                             String source, List<Workload> workloads, List<Pod> pods, boolean complete,
                             @Nullable String problem) implements Versioned, Checked<TargetsChanged> {

    public static final String SCHEMA = "postflight.targets-changed/1";
    public static final String SOURCE_API = "kubernetes-api";
    public static final String SOURCE_KUBE_STATE_METRICS = "kube-state-metrics";
    public static final int MAX_REASON = 64;
    public static final int MAX_PROBLEM = 500;
    /** Containers per pod, init containers included. */
    public static final int MAX_CONTAINERS = 8;
    /** A container name is a DNS-1123 label. */
    public static final int MAX_CONTAINER_NAME = 63;

    /**
     * The workload in one cluster.
     *
     * @param revision the new version's pod-template hash (Deployment, Rollout) or controller
     *     revision (StatefulSet)
     * @param desired pods the new revision should have
     * @param progressDeadlineExceeded the controller gave up waiting for the rollout to progress
     */
    public record Workload(String cluster, String namespace, String kind, String name, @Nullable String revision,
                           int desired, boolean progressDeadlineExceeded) {
    }

    /**
     * One pod of the new version.
     *
     * @param instance {@code <cluster>/<namespace>/<pod>}, the name evidence and probes use
     * @param url the base URL to probe; absent until the pod has an address
     * @param phase the pod's phase: Pending, Running, Succeeded, Failed, Unknown
     * @param ready the pod's Ready condition
     * @param unschedulableSince since when the scheduler has found no node for it
     */
    public record Pod(String instance, String cluster, String namespace, String pod, @Nullable String url,
                      Instant createdAt, String phase, boolean ready, List<Container> containers,
                      @Nullable Instant unschedulableSince) {
        public Pod {
            containers = containers == null ? List.of() : List.copyOf(containers);
        }
    }

    /**
     * One container of a pod, init containers included.
     *
     * @param restarts the container's restart count as Kubernetes reports it (since the pod began)
     * @param waitingReason why it is waiting, e.g. {@code CrashLoopBackOff}
     * @param waitingSince since when the discovery service has seen it waiting for that reason
     * @param lastTerminatedReason why it last ended, e.g. {@code OOMKilled}
     */
    public record Container(String name, boolean init, int restarts, @Nullable String waitingReason,
                            @Nullable Instant waitingSince, @Nullable String lastTerminatedReason) {
    }

    public TargetsChanged {
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(observedAt, "observedAt");
        schema = schema == null ? SCHEMA : schema;
        source = source == null ? SOURCE_API : source;
        workloads = workloads == null ? List.of() : List.copyOf(workloads);
        pods = pods == null ? List.of() : List.copyOf(pods);
    }

    /** The slot this snapshot belongs to, its key. */
    public String slot() {
        return deployment.slot();
    }

    @Override
    public TargetsChanged checked() {
        rule(sequence >= 1, "sequence " + sequence + " must be at least 1");
        rule(SOURCE_API.equals(source) || SOURCE_KUBE_STATE_METRICS.equals(source),
                "source must be " + SOURCE_API + " or " + SOURCE_KUBE_STATE_METRICS);
        rule(pods.size() <= TargetDiscovery.MAX_PODS, pods.size() + " pods, above " + TargetDiscovery.MAX_PODS);
        rule(workloads.size() <= TargetDiscovery.MAX_CLUSTERS * 4, workloads.size() + " workloads, above "
                + TargetDiscovery.MAX_CLUSTERS * 4);
        rule(complete || problem != null, "an incomplete snapshot must say why (problem)");
        for (int i = 0; i < workloads.size(); i++) {
            Workload w = workloads.get(i);
            String where = "workloads[" + i + "]";
            Identifiers.text(where + ".cluster", w.cluster(), 63);
            Identifiers.text(where + ".namespace", w.namespace(), 63);
            Identifiers.text(where + ".kind", w.kind(), MAX_REASON);
            Identifiers.text(where + ".name", w.name(), Identifiers.MAX_NAME);
            reason(where + ".revision", w.revision());
            rule(w.desired() >= 0, where + ".desired must not be negative");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pods.size(); i++) {
            Pod p = pods.get(i);
            String where = "pods[" + i + "]";
            String instance = Identifiers.text(where + ".instance", p.instance(), Identifiers.MAX_NAME);
            rule(seen.add(instance), where + ".instance '" + instance + "' appears twice");
            Identifiers.text(where + ".cluster", p.cluster(), 63);
            Identifiers.text(where + ".namespace", p.namespace(), 63);
            Identifiers.text(where + ".pod", p.pod(), Identifiers.MAX_NAME);
            Objects.requireNonNull(p.createdAt(), where + ".createdAt");
            Identifiers.text(where + ".phase", p.phase(), MAX_REASON);
            if (p.url() != null) {
                try {
                    TargetUrl.parse(p.url());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ".url: " + e.getMessage(), e);
                }
            }
            rule(p.containers().size() <= MAX_CONTAINERS, where + " has " + p.containers().size()
                    + " containers, above " + MAX_CONTAINERS);
            for (int j = 0; j < p.containers().size(); j++) {
                Container c = p.containers().get(j);
                String cw = where + ".containers[" + j + "]";
                Identifiers.text(cw + ".name", c.name(), MAX_CONTAINER_NAME);
                rule(c.restarts() >= 0, cw + ".restarts must not be negative");
                reason(cw + ".waitingReason", c.waitingReason());
                reason(cw + ".lastTerminatedReason", c.lastTerminatedReason());
            }
        }
        return new TargetsChanged(SCHEMA, Identifiers.deployment(deployment), sequence, observedAt, source,
                workloads, pods, complete, problem == null ? null : Identifiers.text("problem", problem, MAX_PROBLEM));
    }

    private static void reason(String field, String value) {
        if (value != null) {
            Identifiers.text(field, value, MAX_REASON);
        }
    }

    private static void rule(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }
}
