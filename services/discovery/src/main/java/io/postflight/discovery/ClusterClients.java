package io.postflight.discovery;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kubernetes client per configured cluster, built on first use (a cluster no verification names
 * costs nothing; a kubeconfig whose content is wrong fails that cluster's watches, not start-up; a
 * missing file already stopped start-up in {@link ClusterConfig}) and
 * closed with the service. Thread-safe: watches start on their own threads.
 */
public final class ClusterClients implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterClients.class);

    private final Map<String, ClusterConfig> clusters;
    private final Function<ClusterConfig, KubernetesClient> build;
    private final Map<String, KubernetesClient> built = new ConcurrentHashMap<>();

    /** Clients built from each cluster's settings. */
    public ClusterClients(Collection<ClusterConfig> clusters) {
        this(clusters, ClusterClients::build);
    }

    /** @param build makes a cluster's client (tests hand in the mock API server's) */
    public ClusterClients(Collection<ClusterConfig> clusters, Function<ClusterConfig, KubernetesClient> build) {
        Map<String, ClusterConfig> byName = new HashMap<>();
        clusters.forEach(c -> byName.put(c.name(), c));
        this.clusters = Map.copyOf(byName);
        this.build = Objects.requireNonNull(build, "build");
    }

    /** The configured cluster names. */
    public Set<String> names() {
        return new TreeSet<>(clusters.keySet());
    }

    public boolean configured(String cluster) {
        return clusters.containsKey(cluster);
    }

    /**
     * The cluster's client, built now if it was not yet.
     *
     * @throws IllegalArgumentException when the cluster is not configured
     */
    public KubernetesClient client(String cluster) {
        ClusterConfig config = clusters.get(cluster);
        if (config == null) {
            throw new IllegalArgumentException(notConfigured(cluster));
        }
        return built.computeIfAbsent(cluster, name -> build.apply(config));
    }

    /** The sentence an incomplete snapshot carries for a cluster the request names and nobody configured. */
    public static String notConfigured(String cluster) {
        return "cluster " + cluster + " is not configured";
    }

    @Override
    public void close() {
        built.forEach((name, client) -> {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the client of cluster {} failed: {}", name, e.getClass().getSimpleName());
            }
        });
        built.clear();
    }

    /**
     * The client of a cluster's settings. In the cluster: fabric8's auto-configuration, which in a pod
     * reads the mounted service account token (re-read as it rotates) and CA. A kubeconfig file: the
     * file's (or the named) context. Only the cluster's name and the path are logged, never the content.
     */
    static KubernetesClient build(ClusterConfig cluster) {
        Config config = cluster.inCluster() ? Config.autoConfigure(null)
                : Config.fromKubeconfig(cluster.context(), new File(cluster.kubeconfig()));
        LOG.info("cluster {}: Kubernetes client for {} ({})", cluster.name(), config.getMasterUrl(),
                cluster.inCluster() ? "in-cluster service account" : "kubeconfig " + cluster.kubeconfig());
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
