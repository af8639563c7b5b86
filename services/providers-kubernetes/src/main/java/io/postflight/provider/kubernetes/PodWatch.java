package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one workload's new version in view (ADR 0029 §1): informers on its namespace's workloads,
 * ReplicaSets, pods (by the workload's pod selector) and the Service's EndpointSlices. Their events only
 * call {@code dirty} (on fabric8's informer threads, so it must not block); the caller then builds a
 * {@link #snapshot()} from the caches, a memory read, when it suits it.
 */
public final class PodWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodWatch.class);

    private final WorkloadRef ref;
    private final ExpectedIdentity expected;
    private final List<SharedIndexInformer<?>> informers;
    private final NewVersionPods fromCaches;

    private PodWatch(String cluster, WorkloadRef ref, ExpectedIdentity expected, CachedReads.Caches caches,
            KubernetesClient client) {
        this.ref = ref;
        this.expected = expected;
        this.informers = caches.all();
        this.fromCaches = new NewVersionPods(cluster, new CachedReads(caches, client.getKubernetesSerialization()));
    }

    /**
     * Lists and starts watching (returns once the caches hold the first list). The workload is looked
     * up once to narrow pods and ReplicaSets to its selector (immutable for Deployments and
     * StatefulSets); not found yet, the whole namespace is watched, so it is seen once it comes.
     */
    public static PodWatch start(String cluster, KubernetesClient client, WorkloadRef ref, ExpectedIdentity expected,
            Runnable dirty) {
        Objects.requireNonNull(dirty, "dirty");
        Objects.requireNonNull(expected, "expected");
        String ns = ref.namespace();
        ResourceEventHandler<Object> onChange = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object object) {
                dirty.run();
            }

            @Override
            public void onUpdate(Object before, Object after) {
                dirty.run();
            }

            @Override
            public void onDelete(Object object, boolean finalStateUnknown) {
                dirty.run();
            }
        };
        Workload workload = Workload.find(new ApiServerReads(client), ref);
        Map<String, String> labels = ref.name() == null ? ref.effectiveSelector() : null;
        WorkloadKind kind = ref.kind();
        boolean all = kind == WorkloadKind.AUTO;
        // Each informer waits for its first list; one that fails after others started must not leave
        // them running, watched by nobody, for the life of the process.
        List<SharedIndexInformer<?>> started = new java.util.ArrayList<>();
        CachedReads.Caches caches;
        try {
            caches = new CachedReads.Caches(
                all || kind == WorkloadKind.DEPLOYMENT
                        ? inform(started, labelled(client.apps().deployments().inNamespace(ns), labels), onChange) : null,
                all || kind == WorkloadKind.STATEFUL_SET
                        ? inform(started, labelled(client.apps().statefulSets().inNamespace(ns), labels), onChange) : null,
                all || kind == WorkloadKind.ROLLOUT ? rollouts(started, client, ns, labels, onChange) : null,
                inform(started, labelled(client.apps().replicaSets().inNamespace(ns), workload.podLabels()), onChange),
                inform(started, labelled(client.pods().inNamespace(ns), workload.podLabels()), onChange),
                inform(started, labelled(client.discovery().v1().endpointSlices().inNamespace(ns), workload.sliceLabels(ref)),
                        onChange));
        } catch (RuntimeException e) {
            started.forEach(SharedIndexInformer::close);
            throw e;
        }
        return new PodWatch(cluster, ref, expected, caches, client);
    }

    /** The new version as the caches hold it now. */
    public DiscoveredWorkload snapshot() {
        return fromCaches.find(ref, expected);
    }

    /** Whether every informer still runs (false after {@link #close()}). */
    public boolean watching() {
        return informers.stream().allMatch(SharedIndexInformer::isRunning);
    }

    /**
     * Whether every informer's watch is connected now. fabric8 keeps an informer running through API
     * server errors, retrying (so {@link #watching()} stays true while the API server is down), and
     * its cache then stops changing: a watch that stays disconnected is the sign. It is false for a
     * moment at each ordinary reconnect too, so callers allow a grace before they distrust the cache.
     */
    public boolean connected() {
        return informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** Stops every informer and its watch connection. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    /** What the one look at start found: the pod selector and the Service, or nothing (namespace-wide). */
    private record Workload(String name, Map<String, String> podLabels) {

        static Workload find(ApiServerReads reads, WorkloadRef ref) {
            String ns = ref.namespace();
            Map<String, String> labels = ref.name() == null ? ref.effectiveSelector() : null;
            WorkloadKind kind = ref.kind();
            if (kind == WorkloadKind.DEPLOYMENT || kind == WorkloadKind.AUTO) {
                var found = reads.deployments(ns, ref.name(), labels);
                if (found.size() == 1) {
                    return new Workload(found.get(0).getMetadata().getName(),
                            matchLabels(found.get(0).getSpec().getSelector()));
                }
            }
            if (kind == WorkloadKind.STATEFUL_SET || kind == WorkloadKind.AUTO) {
                var found = reads.statefulSets(ns, ref.name(), labels);
                if (found.size() == 1) {
                    return new Workload(found.get(0).getMetadata().getName(),
                            matchLabels(found.get(0).getSpec().getSelector()));
                }
            }
            if (kind == WorkloadKind.ROLLOUT || kind == WorkloadKind.AUTO) {
                List<GenericKubernetesResource> found = reads.rollouts(ns, ref.name(), labels);
                if (found.size() == 1) {
                    return new Workload(found.get(0).getMetadata().getName(),
                            found.get(0).get("spec", "selector", "matchLabels"));
                }
            }
            return new Workload(ref.name(), null);
        }

        Map<String, String> sliceLabels(WorkloadRef ref) {
            String service = name == null && ref.service() == null ? null : ref.serviceFor(name);
            return service == null ? null : Map.of(ApiServerReads.SERVICE_NAME_LABEL, service);
        }

        private static Map<String, String> matchLabels(LabelSelector selector) {
            return selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()
                    ? null : selector.getMatchLabels();
        }
    }

    /** Rollouts are watched only where Argo Rollouts is installed; elsewhere there are none to see. */
    private static SharedIndexInformer<GenericKubernetesResource> rollouts(List<SharedIndexInformer<?>> started,
            KubernetesClient client, String ns, Map<String, String> labels, ResourceEventHandler<Object> onChange) {
        try {
            return inform(started, labelled(client.genericKubernetesResources(ApiServerReads.ROLLOUTS).inNamespace(ns),
                    labels), onChange);
        } catch (KubernetesClientException e) {
            LOG.warn("Rollouts in namespace {} cannot be watched (HTTP {}): none are looked for", ns, e.getCode());
            return null;
        }
    }

    private static <T> SharedIndexInformer<T> inform(List<SharedIndexInformer<?>> started, Informable<T> informable,
                                                     ResourceEventHandler<Object> onChange) {
        SharedIndexInformer<T> informer = informable.inform(onChange, 0);
        started.add(informer);
        return informer;
    }

    private static <T, L> Informable<T> labelled(FilterWatchListDeletable<T, L, ?> operation,
            Map<String, String> labels) {
        return labels == null ? operation : operation.withLabels(labels);
    }
}
