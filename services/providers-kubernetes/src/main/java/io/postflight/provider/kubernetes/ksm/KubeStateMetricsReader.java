package io.postflight.provider.kubernetes.ksm;

import io.postflight.provider.kubernetes.DiscoveredPod;
import io.postflight.provider.kubernetes.DiscoveredWorkload;
import io.postflight.provider.kubernetes.ExpectedIdentity;
import io.postflight.provider.kubernetes.WorkloadRef;
import io.postflight.provider.kubernetes.ksm.InstantQueries.QueryFailedException;
import io.postflight.provider.kubernetes.ksm.InstantQueries.Series;
import io.postflight.provider.kubernetes.ksm.KsmQueries.PodSeries;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The new version of one workload read from kube-state-metrics through Prometheus (ADR 0029 §7): the
 * same {@link DiscoveredWorkload} the API path gives, from at most {@value #MAX_QUERIES} instant
 * queries per round. Anything it cannot establish (Prometheus not answering, the workload or its
 * pods unknown, the newest revision not running the announced digest, no port to probe, pods past
 * {@code maxPods}) makes the result incomplete with one sentence saying why, never a pass.
 */
public final class KubeStateMetricsReader {

    /** The queries of one round at most: revision (3 or 2) and the pod series (10). */
    public static final int MAX_QUERIES = 3 + PodSeries.values().length;

    private final String cluster;
    private final InstantQueries prometheus;

    public KubeStateMetricsReader(String cluster, InstantQueries prometheus) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
    }

    public DiscoveredWorkload find(WorkloadRef ref, ExpectedIdentity expected) {
        String kind = ref.kind().apiName();
        String refused = refusal(ref, expected);
        if (refused != null) {
            return problem(ref, kind, ref.name(), refused);
        }
        try {
            NewRevisionReader.Found found = new NewRevisionReader(prometheus, new KsmQueries(ref.namespace()))
                    .newest(ref.kind(), ref.name());
            if (found == null) {
                return problem(ref, kind, ref.name(), "kube-state-metrics knows no " + kind + " '" + ref.name()
                        + "' in namespace " + ref.namespace());
            }
            return podsOf(ref, found, expected.digest(), read(found.podSet(), ref.namespace()));
        } catch (QueryFailedException e) {
            return problem(ref, kind, ref.name(), "kube-state-metrics: " + e.getMessage());
        }
    }

    /** Why the request cannot be served from kube-state-metrics, or null. */
    private static String refusal(WorkloadRef ref, ExpectedIdentity expected) {
        if (ref.name() == null) {
            return "kube-state-metrics mode needs the workload's name: it cannot find workloads by label";
        }
        if (!PromQl.isObjectName(ref.namespace()) || !PromQl.isObjectName(ref.name())) {
            return "the namespace and the workload's name must be DNS-1123 names";
        }
        if (expected.digest() == null) {
            return "kube-state-metrics mode recognises the new version by its artifact digest, and the deploy"
                    + " event announced none";
        }
        return null;
    }

    private Map<PodSeries, List<Series>> read(String podSet, String namespace) throws QueryFailedException {
        KsmQueries queries = new KsmQueries(namespace);
        Map<PodSeries, List<Series>> answers = new EnumMap<>(PodSeries.class);
        for (PodSeries what : PodSeries.values()) {
            answers.put(what, prometheus.query(queries.ofPods(what, podSet)));
        }
        return answers;
    }

    private DiscoveredWorkload podsOf(WorkloadRef ref, NewRevisionReader.Found found, String digest,
                                      Map<PodSeries, List<Series>> answers) {
        List<KsmPodRows.Row> rows = KsmPodRows.join(answers);
        List<KsmPodRows.Row> announced = rows.stream().filter(r -> r.runs(digest)).toList();
        if (found.eachPodChecked()) {
            // A StatefulSet's pods of either revision share an owner: the digest tells them apart.
            rows = announced;
        } else if (rows.isEmpty()) {
            return result(ref, found, List.of(), found.describe() + " has no pods in kube-state-metrics yet,"
                    + " so what it runs is not known");
        }
        if (announced.isEmpty()) {
            String runs = rows.stream().flatMap(r -> r.images().stream()).findFirst().orElse("no known image");
            return result(ref, found, List.of(), "workload runs " + cut(runs) + " not the announced " + digest);
        }
        List<String> problems = new ArrayList<>();
        if (found.desired() < 0) {
            problems.add(found.describe() + ": kube-state-metrics shows no replicas series, so how many pods"
                    + " the new version should have is not known");
        }
        if (rows.size() > ref.maxPods()) {
            problems.add("the new version has " + rows.size() + " pods, more than maxPods " + ref.maxPods()
                    + ": only the first " + ref.maxPods() + " by name are listed");
            rows = rows.subList(0, ref.maxPods());
        }
        if (ref.port() == null) {
            problems.add("kube-state-metrics gives no ports: the discovery request needs a port to probe"
                    + " the pods' IPs on");
        }
        List<DiscoveredPod> pods = rows.stream()
                .map(r -> r.discovered(cluster, ref.namespace(), ref.scheme(), ref.port())).toList();
        return result(ref, found, pods, problems.isEmpty() ? null : String.join("; ", problems));
    }

    private DiscoveredWorkload result(WorkloadRef ref, NewRevisionReader.Found found, List<DiscoveredPod> pods,
                                      String problem) {
        return new DiscoveredWorkload(cluster, ref.namespace(), found.kind(), found.workload(), found.revision(),
                Math.max(0, found.desired()), found.deadlineExceeded(), pods, problem == null, problem);
    }

    private DiscoveredWorkload problem(WorkloadRef ref, String kind, String name, String problem) {
        return new DiscoveredWorkload(cluster, ref.namespace(), kind, name, null, 0, false, List.of(), false,
                problem);
    }

    private static String cut(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
