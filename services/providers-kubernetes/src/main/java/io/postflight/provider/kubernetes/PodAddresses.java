package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a pod is probed (ADR 0029 §4 "Address"): the Service's EndpointSlice naming the pod, as that
 * is the address and port the Service routes to; else the pod's IP and the configured port (or its
 * container port of that name). No IP yet: no URL, the pod is still listed.
 */
public final class PodAddresses {

    private final WorkloadRef ref;
    private final List<EndpointSlice> slices;

    PodAddresses(WorkloadRef ref, List<EndpointSlice> slices) {
        this.ref = ref;
        this.slices = List.copyOf(slices);
    }

    /** {@code scheme://host:port}, or null when the pod has no address or no port is known. */
    String urlOf(Pod pod) {
        String name = pod.getMetadata().getName();
        for (EndpointSlice slice : slices) {
            Optional<Integer> port = slicePort(slice);
            if (port.isEmpty() || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (names(endpoint.getTargetRef(), name) && endpoint.getAddresses() != null
                        && !endpoint.getAddresses().isEmpty()) {
                    return url(endpoint.getAddresses().get(0), port.get());
                }
            }
        }
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        Integer port = ref.port() != null ? ref.port() : containerPort(pod);
        return ip == null || ip.isEmpty() || port == null ? null : url(ip, port);
    }

    private Optional<Integer> slicePort(EndpointSlice slice) {
        if (slice.getPorts() == null) {
            return Optional.empty();
        }
        return slice.getPorts().stream().filter(p -> ref.portName().equals(p.getName()))
                .map(EndpointPort::getPort).filter(Objects::nonNull).findFirst();
    }

    private Integer containerPort(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return null;
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> ref.portName().equals(p.getName())).map(ContainerPort::getContainerPort)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static boolean names(ObjectReference target, String pod) {
        return target != null && "Pod".equals(target.getKind()) && pod.equals(target.getName());
    }

    /** An IPv6 literal goes in brackets, else its colons would read as a port. */
    public static String url(String scheme, String host, int port) {
        String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + literal + ":" + port;
    }

    private String url(String host, int port) {
        return url(ref.scheme(), host, port);
    }
}
