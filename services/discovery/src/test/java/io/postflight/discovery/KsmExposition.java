package io.postflight.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kube-state-metrics' exposition text for a scripted cluster: the series and labels kube-state-metrics
 * v2 writes for Deployments, ReplicaSets and pods, grouped by metric as its own pages are.
 */
final class KsmExposition {
    static final String NS = "shop";
    private final Map<String, List<String>> byMetric = new TreeMap<>();

    /** A Deployment at its current generation, progressing, or ({@code stuck}) past its progress deadline. */
    KsmExposition deployment(String name, int replicas, boolean stuck) {
        String d = "namespace=\"" + NS + "\",deployment=\"" + name + "\"";
        add("kube_deployment_spec_replicas", d, replicas);
        add("kube_deployment_metadata_generation", d, 2);
        add("kube_deployment_status_observed_generation", d, 2);
        add("kube_deployment_status_condition", d + ",condition=\"Progressing\",status=\"true\"", stuck ? 0 : 1);
        add("kube_deployment_status_condition", d + ",condition=\"Progressing\",status=\"false\"", stuck ? 1 : 0);
        return this;
    }

    KsmExposition replicaSet(String name, String deployment, long createdSeconds, int replicas) {
        String rs = "namespace=\"" + NS + "\",replicaset=\"" + name + "\"";
        add("kube_replicaset_owner", rs + ",owner_kind=\"Deployment\",owner_name=\"" + deployment
                + "\",owner_is_controller=\"true\"", 1);
        add("kube_replicaset_created", rs, createdSeconds);
        add("kube_replicaset_spec_replicas", rs, replicas);
        return this;
    }

    /**
     * A pod of {@code replicaSet} with one container {@code app}.
     *
     * @param imageId the running image's ID, empty before it was pulled
     */
    KsmExposition pod(String name, String replicaSet, String ip, String phase, boolean ready, String imageSpec,
                      String imageId, int restarts, String waiting, String lastTerminated) {
        String p = "namespace=\"" + NS + "\",pod=\"" + name + "\"";
        String uid = ",uid=\"" + Integer.toHexString(name.hashCode()) + "\"";
        add("kube_pod_owner", p + uid + ",owner_kind=\"ReplicaSet\",owner_name=\"" + replicaSet
                + "\",owner_is_controller=\"true\"", 1);
        add("kube_pod_info", p + uid + ",pod_ip=\"" + ip + "\",host_ip=\"10.1.0.1\",node=\"node-1\","
                + "created_by_kind=\"ReplicaSet\",created_by_name=\"" + replicaSet + "\"", 1);
        add("kube_pod_created", p + uid, 1_764_410_000);
        for (String each : List.of("Pending", "Running", "Succeeded", "Failed", "Unknown")) {
            add("kube_pod_status_phase", p + uid + ",phase=\"" + each + "\"", each.equals(phase) ? 1 : 0);
        }
        add("kube_pod_status_ready", p + uid + ",condition=\"true\"", ready ? 1 : 0);
        add("kube_pod_status_ready", p + uid + ",condition=\"false\"", ready ? 0 : 1);
        String c = p + uid + ",container=\"app\"";
        add("kube_pod_container_info", c + ",image_spec=\"" + imageSpec + "\",image=\"" + imageSpec
                + "\",image_id=\"" + imageId + "\",container_id=\"containerd://" + name + "\"", 1);
        add("kube_pod_container_status_restarts_total", c, restarts);
        if (waiting != null) {
            add("kube_pod_container_status_waiting_reason", c + ",reason=\"" + waiting + "\"", 1);
        }
        if (lastTerminated != null) {
            add("kube_pod_container_status_last_terminated_reason", c + ",reason=\"" + lastTerminated + "\"", 1);
        }
        return this;
    }

    private void add(String metric, String labels, double value) {
        byMetric.computeIfAbsent(metric, k -> new ArrayList<>()).add(metric + "{" + labels + "} " + value);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        byMetric.forEach((metric, lines) -> {
            out.append("# TYPE ").append(metric).append(metric.endsWith("_total") ? " counter\n" : " gauge\n");
            lines.forEach(l -> out.append(l).append('\n'));
        });
        return out.toString();
    }
}
