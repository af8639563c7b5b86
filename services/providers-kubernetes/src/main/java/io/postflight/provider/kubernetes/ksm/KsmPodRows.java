package io.postflight.provider.kubernetes.ksm;

import io.postflight.provider.kubernetes.DiscoveredContainer;
import io.postflight.provider.kubernetes.DiscoveredPod;
import io.postflight.provider.kubernetes.PodAddresses;
import io.postflight.provider.kubernetes.SafeText;
import io.postflight.provider.kubernetes.ksm.InstantQueries.Series;
import io.postflight.provider.kubernetes.ksm.KsmQueries.PodSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Joins the answers of one round's pod queries into one row per pod, by pod name: the pod set is
 * what {@code kube_pod_info} answered (every pod kube-state-metrics knows has it), less the pods
 * leaving; a series missing for a pod leaves that field unknown (no phase: {@code Unknown}; no
 * created time: null), never invents it.
 */
final class KsmPodRows {

    /** Containers a snapshot carries per pod, as the API path keeps (contracts' {@code MAX_CONTAINERS}). */
    static final int MAX_CONTAINERS = 8;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){2,7}");

    /** One pod as the series show it; {@code images} are every image and image ID its containers name. */
    record Row(String pod, String ip, Instant created, String phase, boolean ready, boolean unschedulable,
               Map<String, Container> containers, Set<String> images) {

        boolean runs(String digest) {
            return images.stream().anyMatch(i -> i.endsWith("@" + digest));
        }

        /** The pod as the API path gives it; a URL only for an IP literal and a configured port. */
        DiscoveredPod discovered(String cluster, String namespace, String scheme, Integer port) {
            String url = ip == null || port == null || !(IPV4.matcher(ip).matches() || IPV6.matcher(ip).matches())
                    ? null : PodAddresses.url(scheme, ip, port);
            List<DiscoveredContainer> kept = containers.values().stream()
                    .map(c -> new DiscoveredContainer(c.name, c.restarts, c.waiting, c.terminated))
                    // Sidecars can outnumber what a snapshot carries: those showing a problem are kept first.
                    .sorted(Comparator.comparing((DiscoveredContainer c) -> c.waitingReason() == null
                            && c.lastTerminatedReason() == null && c.restarts() == 0))
                    .limit(MAX_CONTAINERS).toList();
            return new DiscoveredPod(SafeText.instanceId(cluster, namespace, pod), pod, url, created, phase, ready,
                    kept, unschedulable ? created : null);
        }
    }

    /** A container's figures; mutable only while the rows are joined. */
    static final class Container {
        final String name;
        int restarts;
        String waiting;
        String terminated;

        Container(String name) {
            this.name = name;
        }
    }

    private KsmPodRows() {
    }

    /** The rows of the pods in {@code answers}' INFO, sorted by name, leaving pods left out. */
    static List<Row> join(Map<PodSeries, List<Series>> all) {
        // A series without a pod label cannot be joined to a pod (a recording rule's, say): dropped.
        Map<PodSeries, List<Series>> answers = new java.util.EnumMap<>(PodSeries.class);
        all.forEach((what, series) -> answers.put(what,
                series.stream().filter(s -> s.label("pod") != null).toList()));
        Map<String, Row> rows = new TreeMap<>();
        for (Series s : answers.getOrDefault(PodSeries.INFO, List.of())) {
            rows.putIfAbsent(s.label("pod"), new Row(s.label("pod"), s.label("pod_ip"), null, null, false, false,
                    new TreeMap<>(), new TreeSet<>()));
        }
        answers.getOrDefault(PodSeries.LEAVING, List.of()).forEach(s -> rows.remove(s.label("pod")));
        Map<String, Instant> created = new TreeMap<>();
        answers.getOrDefault(PodSeries.CREATED, List.of()).forEach(s -> created.put(s.label("pod"),
                Double.isFinite(s.value()) && s.value() > 0 ? Instant.ofEpochMilli((long) (s.value() * 1000)) : null));
        Map<String, String> phases = new TreeMap<>();
        answers.getOrDefault(PodSeries.PHASE, List.of()).forEach(s -> phases.put(s.label("pod"), s.label("phase")));
        Set<String> ready = pods(answers, PodSeries.READY);
        Set<String> unschedulable = pods(answers, PodSeries.UNSCHEDULABLE);
        List<Row> joined = new ArrayList<>(rows.size());
        for (Row r : rows.values()) {
            Row row = new Row(r.pod(), r.ip(), created.get(r.pod()), phases.get(r.pod()), ready.contains(r.pod()),
                    unschedulable.contains(r.pod()), r.containers(), r.images());
            containers(answers, row);
            joined.add(row);
        }
        return joined;
    }

    private static void containers(Map<PodSeries, List<Series>> answers, Row row) {
        for (Series s : of(answers, PodSeries.CONTAINERS, row.pod())) {
            container(row, s);
            for (String label : List.of("image_id", "image_spec", "image")) {
                if (s.label(label) != null) {
                    row.images().add(s.label(label));
                }
            }
        }
        for (Series s : of(answers, PodSeries.RESTARTS, row.pod())) {
            Container c = container(row, s);
            if (c != null && Double.isFinite(s.value())) {
                c.restarts = (int) Math.max(0, Math.min(Integer.MAX_VALUE, s.value()));
            }
        }
        // Several reasons at once would be a kube-state-metrics glitch: the first by name is kept, so
        // the same series always give the same snapshot.
        for (Series s : of(answers, PodSeries.WAITING, row.pod())) {
            Container c = container(row, s);
            if (c != null && (c.waiting == null || reasonOf(s).compareTo(c.waiting) < 0)) {
                c.waiting = reasonOf(s);
            }
        }
        for (Series s : of(answers, PodSeries.TERMINATED, row.pod())) {
            Container c = container(row, s);
            if (c != null && (c.terminated == null || reasonOf(s).compareTo(c.terminated) < 0)) {
                c.terminated = reasonOf(s);
            }
        }
    }

    private static String reasonOf(Series s) {
        String reason = SafeText.reason(s.label("reason"));
        return reason == null ? "Unknown" : reason;
    }

    private static Container container(Row row, Series s) {
        String name = s.label("container");
        return name == null ? null : row.containers().computeIfAbsent(name, Container::new);
    }

    private static List<Series> of(Map<PodSeries, List<Series>> answers, PodSeries what, String pod) {
        return answers.getOrDefault(what, List.of()).stream().filter(s -> pod.equals(s.label("pod"))).toList();
    }

    private static Set<String> pods(Map<PodSeries, List<Series>> answers, PodSeries what) {
        Set<String> pods = new TreeSet<>();
        answers.getOrDefault(what, List.of()).forEach(s -> pods.add(s.label("pod")));
        return pods;
    }
}
