package io.postflight.discovery;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.annotation.Nullable;

/**
 * How the discovery service reaches one cluster ({@code postflight.discovery.clusters.<name>.*}),
 * the name the gateway's {@code postflight.discovery.workloads[n].clusters} refer to (ADR 0029 §3).
 * Either the pod's own service account ({@code in-cluster: true}) or a kubeconfig file (mounted from
 * a Secret) and, optionally, one of its contexts. Only the path is configuration: the file's content
 * (tokens, keys) is read by the Kubernetes client and never logged.
 *
 * @param name the cluster's name, a DNS-1123 label
 * @param inCluster use the service account token and CA the pod is given (default false, so a cluster
 *     configured by its kubeconfig alone needs no second setting)
 * @param kubeconfig path of a kubeconfig file
 * @param context the kubeconfig context to use; absent: the file's current context
 */
@EachProperty("postflight.discovery.clusters")
public record ClusterConfig(@Parameter String name, @Bindable(defaultValue = "false") boolean inCluster, @Nullable String kubeconfig,
                            @Nullable String context) {

    public ClusterConfig {
        kubeconfig = blankToNull(kubeconfig);
        context = blankToNull(context);
        if (!name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw invalid(name, "", "the name is not a DNS-1123 label (lower-case letters, digits and '-',"
                    + " at most 63), which discovery requests must use");
        }
        if (inCluster == (kubeconfig != null)) {
            throw invalid(name, "", "set exactly one of in-cluster: true or kubeconfig: <file>");
        }
        if (context != null && kubeconfig == null) {
            throw invalid(name, ".context", "applies to a kubeconfig file only");
        }
        if (kubeconfig != null && !(java.nio.file.Files.isRegularFile(java.nio.file.Path.of(kubeconfig))
                && java.nio.file.Files.isReadable(java.nio.file.Path.of(kubeconfig)))) {
            // A typo here would otherwise hold every deployment of that cluster, silently, until looked at.
            throw invalid(name, ".kubeconfig", "'" + kubeconfig + "' is not a readable file");
        }
    }

    private static IllegalArgumentException invalid(String name, String key, String rule) {
        return new IllegalArgumentException("postflight.discovery.clusters." + name + key + ": " + rule);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
