package io.postflight.gateway.discovery;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * One entry of {@code postflight.discovery.workloads[n]}: where in Kubernetes the pods of a
 * service's new version are found when its deploy events name no instances and the static target
 * map has none. Matched like policies (service and environment, service, environment, neither);
 * each setting left out takes the default written once in {@link DiscoveryResolver}.
 *
 * <pre>
 * postflight:
 *   discovery:
 *     workloads:
 *       - environment: prod            # every service in prod
 *         clusters: [eu-west-1]
 *         namespace: shop               # default: the environment's name
 *       - service: checkout
 *         environment: prod
 *         clusters: [eu-west-1, us-east-1]
 *         kind: Rollout
 *         name: checkout                # default: found by app.kubernetes.io/name=&lt;service&gt;
 *         kubernetes-service: checkout-canary
 *         port-name: http
 * </pre>
 *
 * @param index position in the list, for messages
 * @param service the Postflight service it applies to; absent: every service
 * @param environment the environment it applies to; absent: every environment
 * @param clusters the discovery service's cluster names to look in
 * @param namespace the workload's namespace; absent: the environment's name
 * @param kind {@code Deployment}, {@code StatefulSet}, {@code Rollout} or {@code auto}
 * @param name the workload's name; absent (and no selector): {@code app.kubernetes.io/name=<service>}
 * @param selector a label selector for the workload
 * @param kubernetesService the Service whose EndpointSlices give addresses; absent: the workload's
 *     name, else the service's
 * @param portName the EndpointSlice port by name
 * @param port the port when no EndpointSlice names one
 * @param scheme {@code http} or {@code https}
 * @param match {@code digest}, {@code version-label} or {@code image-tag}
 * @param maxPods at most this many pods followed
 */
@EachProperty(value = "postflight.discovery.workloads", list = true)
public record DiscoveryEntry(@Parameter int index, @Nullable String service, @Nullable String environment,
                             @Nullable List<String> clusters, @Nullable String namespace, @Nullable String kind,
                             @Nullable String name, @Nullable String selector, @Nullable String kubernetesService,
                             @Nullable String portName, @Nullable Integer port, @Nullable String scheme,
                             @Nullable String match, @Nullable Integer maxPods) {

    public DiscoveryEntry {
        service = blankToNull(service);
        environment = blankToNull(environment);
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        namespace = blankToNull(namespace);
        name = blankToNull(name);
        selector = blankToNull(selector);
        kubernetesService = blankToNull(kubernetesService);
        portName = blankToNull(portName);
    }

    /** The property prefix of this entry, for messages. */
    String where() {
        return "postflight.discovery.workloads[" + index + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
