package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the pods of a workload's new version and their probe addresses (ADR 0029 §4): the workload
 * by name or labels, its newest revision, the check that this revision is the announced artifact, its
 * pods (at most {@code maxPods}, by name) and each one's URL. Anything not found is an incomplete
 * result with one sentence, never an exception and never the old version's pods.
 */
public final class NewVersionPods {

    private final String cluster;
    private final ClusterReads reads;
    private final NewestRevision revisions;

    /** One-off reads from the API server; {@link PodWatch} serves the same from its caches. */
    public NewVersionPods(String cluster, KubernetesClient client) {
        this(cluster, new ApiServerReads(client));
    }

    NewVersionPods(String cluster, ClusterReads reads) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.revisions = new NewestRevision(reads);
    }

    /** A found workload, its revision read only when it is the one. */
    private record Candidate(String kind, String name, Supplier<Optional<NewRevision>> revision) {
    }

    public DiscoveredWorkload find(WorkloadRef ref, ExpectedIdentity expected) {
        Objects.requireNonNull(expected, "expected");
        List<Candidate> found = candidates(ref);
        String where = " in namespace " + ref.namespace();
        if (found.isEmpty()) {
            return DiscoveredWorkload.problem(cluster, ref, kindName(ref), ref.name(),
                    "no " + ref.lookedFor() + where);
        }
        if (found.size() > 1) {
            List<String> names = found.stream().map(c -> c.kind() + " " + c.name()).sorted().toList();
            return DiscoveredWorkload.problem(cluster, ref, kindName(ref), ref.name(),
                    found.size() + " workloads match " + ref.lookedFor() + where + " (" + String.join(", ", names)
                            + "): configure one by kind and name");
        }
        Candidate workload = found.get(0);
        Optional<NewRevision> newest = workload.revision().get();
        if (newest.isEmpty()) {
            return DiscoveredWorkload.problem(cluster, ref, workload.kind(), workload.name(),
                    workload.kind() + " " + workload.name() + where + " has no new revision yet");
        }
        return podsOf(ref, newest.get(), expected);
    }

    private DiscoveredWorkload podsOf(WorkloadRef ref, NewRevision revision, ExpectedIdentity expected) {
        List<Pod> pods = reads.pods(ref.namespace(), Map.of(revision.podLabel(), revision.hash())).stream()
                .filter(revision::owns)
                .filter(NewVersionPods::staying)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        Optional<String> mismatch = IdentityCheck.mismatch(expected, revision.template(), pods);
        if (mismatch.isPresent()) {
            // Not the announced revision (yet): none of its pods is a target.
            return result(ref, revision, List.of(), mismatch.get());
        }
        String problem = null;
        if (pods.size() > ref.maxPods()) {
            problem = "the new version has " + pods.size() + " pods, more than maxPods " + ref.maxPods()
                    + ": only the first " + ref.maxPods() + " by name are listed";
            pods = pods.subList(0, ref.maxPods());
        }
        PodAddresses addresses = new PodAddresses(ref,
                reads.endpointSlices(ref.namespace(), ref.serviceFor(revision.workload())));
        List<DiscoveredPod> discovered = new ArrayList<>(pods.size());
        for (Pod pod : pods) {
            discovered.add(PodFields.copy(cluster, pod).withUrl(addresses.urlOf(pod)));
        }
        return result(ref, revision, discovered, problem);
    }

    /**
     * Pods being deleted, and pods the kubelet evicted or shut down with their node, are leaving: a
     * departure (ADR 0029 §6), not a failure of the version.
     */
    static boolean staying(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String reason = pod.getStatus() == null ? null : pod.getStatus().getReason();
        return !("Failed".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())
                && ("Evicted".equals(reason) || "NodeShutdown".equals(reason) || "Terminated".equals(reason)));
    }

    private DiscoveredWorkload result(WorkloadRef ref, NewRevision revision, List<DiscoveredPod> pods,
            String problem) {
        return new DiscoveredWorkload(cluster, ref.namespace(), revision.kind(), revision.workload(),
                revision.hash(), revision.desired(), revision.progressDeadlineExceeded(), pods, problem == null,
                problem);
    }

    /** The workloads of the configured kind (every kind for auto) by name, else by labels. */
    private List<Candidate> candidates(WorkloadRef ref) {
        String ns = ref.namespace();
        String name = ref.name();
        Map<String, String> labels = name == null ? ref.effectiveSelector() : null;
        WorkloadKind kind = ref.kind();
        List<Candidate> found = new ArrayList<>();
        if (kind == WorkloadKind.DEPLOYMENT || kind == WorkloadKind.AUTO) {
            reads.deployments(ns, name, labels).forEach(d -> found.add(
                    new Candidate("Deployment", d.getMetadata().getName(), () -> revisions.of(d))));
        }
        if (kind == WorkloadKind.STATEFUL_SET || kind == WorkloadKind.AUTO) {
            reads.statefulSets(ns, name, labels).forEach(s -> found.add(
                    new Candidate("StatefulSet", s.getMetadata().getName(), () -> revisions.of(s))));
        }
        if (kind == WorkloadKind.ROLLOUT || kind == WorkloadKind.AUTO) {
            reads.rollouts(ns, name, labels).forEach(r -> found.add(
                    new Candidate("Rollout", r.getMetadata().getName(), () -> revisions.of(r))));
        }
        return found;
    }

    private static String kindName(WorkloadRef ref) {
        return ref.kind().apiName();
    }
}
